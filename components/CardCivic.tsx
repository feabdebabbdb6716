import { civicCategoryDescription, civicCategoryLabel } from '../dictionary/civic/categories';
import type { CivicInfo } from '../dictionary/types';

interface Props {
  civic: CivicInfo;
}

/** The civic badge: category, our explanation, and the parts of a numbered formulation. */
export function CardCivic({ civic }: Props) {
  return (
    <div class="civic" data-category={civic.category}>
      <span class="civic-badge" title={civicCategoryDescription(civic.category)}>
        Civic · {civicCategoryLabel(civic.category)}
      </span>
      {civic.year ? <span class="civic-year">since {civic.year}</span> : null}
      {civic.explanation ? <p class="civic-explanation">{civic.explanation}</p> : null}
      {civic.components.length > 0 ? (
        <p class="civic-components">
          <span class="label">Components: </span>
          {civic.components.map((c, i) => (
            <>
              {i > 0 ? '、' : null}
              <span lang="zh">{c}</span>
            </>
          ))}
        </p>
      ) : null}
    </div>
  );
}
