/**
 * Types for the parts of bidi-js 1.1 this project uses. The package's only export is a factory
 * that returns the bidi functions (so the code can be sent to a worker); it ships no types.
 */
declare module 'bidi-js' {
  namespace bidiFactory {
    interface BidiParagraph {
      /** Inclusive start and end indexes (UTF-16 code units). */
      start: number;
      end: number;
      level: number;
    }

    interface EmbeddingLevels {
      /** One resolved embedding level per UTF-16 code unit: odd is right-to-left. */
      levels: Uint8Array;
      paragraphs: BidiParagraph[];
    }

    interface Bidi {
      getEmbeddingLevels(text: string, explicitDirection?: 'ltr' | 'rtl'): EmbeddingLevels;
      /** Segments to reverse, in order; `start`/`end` are inclusive. */
      getReorderSegments(text: string, levels: EmbeddingLevels, start?: number, end?: number): [number, number][];
      /**
       * Mirrored replacements for characters at odd levels. Takes the raw levels array (not the
       * result object) and an inclusive `end` index.
       */
      getMirroredCharactersMap(text: string, levels: ArrayLike<number>, start?: number, end?: number): Map<number, string>;
      /** The whole text reordered for display (rules L1–L4), one line; used by tests as a reference. */
      getReorderedString(text: string, levels: EmbeddingLevels, start?: number, end?: number): string;
      getMirroredCharacter(char: string): string | null;
      /** The Bidi_Class of a character, e.g. "L", "R", "AL", "EN", "WS", "LRI". */
      getBidiCharTypeName(char: string): string;
    }
  }

  function bidiFactory(): bidiFactory.Bidi;
  export = bidiFactory;
}
