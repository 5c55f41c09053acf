/** Types for linebreak 1.1 (the Unicode line breaking algorithm, UAX #14); it ships no types. */
declare module 'linebreak' {
  namespace LineBreaker {
    interface Break {
      /** Break opportunity before this UTF-16 index: a line may end here. */
      position: number;
      /** True for a mandatory break (a newline in the text). */
      required: boolean;
    }
  }

  class LineBreaker {
    constructor(text: string);
    /** The next break opportunity, or null after the end of the text. */
    nextBreak(): LineBreaker.Break | null;
  }

  export = LineBreaker;
}
