// Types for the browser module input.js, so the Node tests can import it.
export type InputFormat = 'answer' | 'plain' | 'dialogue' | 'vtt' | 'srt';
export declare const FORMAT_NAMES: Record<InputFormat, string>;
export declare const ACCEPTED_EXTENSIONS: string[];
export declare function looksLikeDialogue(text: string): boolean;
export declare function detectFormat(text: string): InputFormat;
export declare function formatFromFileName(name: string): InputFormat | null;
export declare function buildRequest(input: {
  text: string;
  format: InputFormat | 'auto';
  question?: string;
  rubric?: string;
  engine?: string;
}): {
  answer?: string;
  transcript?: { format: Exclude<InputFormat, 'answer'>; text: string };
  question?: string;
  rubric?: string;
  engine?: string;
};
