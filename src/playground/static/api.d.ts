// Types for the browser module api.js, so the Node tests can import it.
export interface Issue {
  path: string;
  message: string;
}
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: Issue[];
  availableRubrics?: string[];
}
export declare class ApiError extends Error {
  constructor(kind: 'problem' | 'http' | 'network', status: number, problem: Problem, retryAfterSec?: number | null);
  kind: 'problem' | 'http' | 'network';
  status: number;
  problem: Problem;
  retryAfterSec: number | null;
}
export declare function describeError(err: ApiError): { title: string; detail: string; items: string[]; note: string | null };
export declare function createApi(options: { getKey: () => string; fetch?: typeof fetch }): {
  listRubrics(): Promise<{ rubrics: { id: string; name: string; version: string; description?: string }[] }>;
  getRubric(id: string): Promise<unknown>;
  readiness(): Promise<{ engine: { kind: string; describe: string } }>;
  evaluate(body: unknown): Promise<unknown>;
};
