import type { Evaluation } from '../grading/evaluation.js';

/**
 * A small Prometheus registry, rendered in the text exposition format (version 0.0.4).
 * Label values come from bounded sets (route patterns, status codes, engine kinds, model
 * names from configuration), never from request content.
 */
export interface Metrics {
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  observeEvaluation(evaluation: Pick<Evaluation, 'engine' | 'usage'>): void;
  observeEvaluationFailure(code: string): void;
  render(): string;
}

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

type Labels = Record<string, string>;

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    this.incKey(labelText(labels), by);
  }
  /** `key` is the series' labelText(), computed once by the caller. */
  incKey(key: string, by = 1): void {
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.values) lines.push(`${this.name}${key} ${v}`);
    return lines;
  }
}

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

class Histogram {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}
  seriesFor(labels: Labels): HistogramSeries {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    return s;
  }
  record(s: HistogramSeries, value: number): void {
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

export function createMetrics(): Metrics {
  const requests = new Counter('barometer_http_requests_total', 'HTTP requests by method, route and status.');
  const latency = new Histogram('barometer_http_request_duration_seconds', 'HTTP request latency by route.', LATENCY_BUCKETS);
  const evaluations = new Counter('barometer_evaluations_total', 'Successful evaluations by engine.');
  const failures = new Counter('barometer_evaluation_failures_total', 'Failed evaluation requests by problem code.');
  const tokens = new Counter('barometer_model_tokens_total', 'Model tokens used, by model and kind (prompt, completion, cached).');
  // Every request is counted: its label text is worked out once per method, route and status,
  // not per request. The map is as bounded as the series themselves.
  const requestSeries = new Map<string, { counterKey: string; latency: HistogramSeries }>();
  return {
    observeRequest({ method, route, status }, seconds) {
      const id = `${method} ${route} ${status}`;
      let series = requestSeries.get(id);
      if (!series) {
        series = { counterKey: labelText({ method, route, status: String(status) }), latency: latency.seriesFor({ route }) };
        requestSeries.set(id, series);
      }
      requests.incKey(series.counterKey);
      latency.record(series.latency, seconds);
    },
    observeEvaluation({ engine, usage }) {
      evaluations.inc({ engine: engine.kind });
      if (usage) {
        tokens.inc({ model: usage.model, kind: 'prompt' }, usage.promptTokens);
        tokens.inc({ model: usage.model, kind: 'completion' }, usage.completionTokens);
        tokens.inc({ model: usage.model, kind: 'cached' }, usage.cachedTokens);
      }
    },
    observeEvaluationFailure(code) {
      failures.inc({ code });
    },
    render() {
      return [requests, latency, evaluations, failures, tokens].flatMap((m) => m.render()).join('\n') + '\n';
    },
  };
}
