import type { Evaluation, Flag } from '../grading/evaluation.js';

/** Styling hook so the report can be coloured on a terminal and plain elsewhere. */
export type Styler = (style: 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan', s: string) => string;
export const plain: Styler = (_style, s) => s;

const SEVERITY_STYLE = { critical: 'red', warning: 'yellow', info: 'dim' } as const;

function bar(score: number): string {
  return '█'.repeat(score) + '░'.repeat(5 - score);
}

function wrap(s: string, width: number, indent: string): string {
  const words = s.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

function shortQuote(q: string, max = 90): string {
  const oneLine = q.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function flagLine(f: Flag, style: Styler): string {
  const head = `${style(SEVERITY_STYLE[f.severity], f.severity.toUpperCase().padEnd(8))} ${style('bold', f.label)} ${style('dim', `[${f.id}${f.dimension ? ` → ${f.dimension}` : ''}]`)}`;
  const quote = f.quote ? `\n           "${shortQuote(f.quote)}"` : '';
  return `  ${head}${quote}\n${wrap(f.advice, 76, '           → ')}`;
}

/** The terminal report: what a candidate reads after `grade`. */
export function renderText(e: Evaluation, style: Styler = plain): string {
  const out: string[] = [];
  const bandStyle = e.band.id === 'senior-ready' ? 'green' : e.band.id === 'usable' ? 'yellow' : 'red';
  out.push(`${style('bold', `${e.total}/${e.maxTotal}`)}  ${style(bandStyle, style('bold', e.band.label))}  ${style('dim', `(${e.rubric.name}, ${e.engine.kind}${e.engine.model ? ` ${e.engine.model}` : ''})`)}`);
  if (e.question) out.push(style('dim', `Question: ${shortQuote(e.question, 100)}`));
  out.push('');
  const nameWidth = Math.max(...e.dimensions.map((d) => d.name.length));
  for (const d of e.dimensions) {
    out.push(`  ${d.name.padEnd(nameWidth)}  ${style(d.score >= 4 ? 'green' : d.score >= 3 ? 'yellow' : 'red', bar(d.score))} ${d.score}`);
    out.push(style('dim', wrap(d.rationale, 76, ' '.repeat(nameWidth + 4))));
  }
  out.push('');
  if (e.flags.length) {
    out.push(style('bold', `Flags (${e.flags.length})`));
    for (const f of e.flags) out.push(flagLine(f, style));
    out.push('');
  }
  if (e.strengths.length) {
    out.push(style('bold', 'Strengths'));
    for (const s of e.strengths) out.push(`  ${style('green', '✓')} ${s.label}: "${shortQuote(s.quote)}"`);
    out.push('');
  }
  const missing = e.evidenceStack.filter((s) => !s.present).map((s) => s.step);
  out.push(`${style('bold', 'Evidence stack')}  ${e.evidenceStack.map((s) => (s.present ? style('green', `✓ ${s.step}`) : style('dim', `· ${s.step}`))).join('  ')}`);
  if (missing.length) out.push(style('dim', `  Missing: ${missing.join(', ')}`));
  out.push('');
  if (e.speech) {
    const sp = e.speech;
    const pace = sp.wordsPerMinute != null ? `, ${Math.round(sp.wordsPerMinute)} words/min over ${Math.round(sp.durationSec ?? 0)} s` : '';
    out.push(`${style('bold', 'Delivery')}  ${sp.words} words, ${sp.fillerCount} fillers (${sp.fillerRate.toFixed(1)} per 100 words)${pace}`);
    out.push('');
  }
  if (e.advice.length) {
    out.push(style('bold', 'What to fix first'));
    e.advice.forEach((a, i) => out.push(wrap(a, 76, '     ').replace(/^ {5}/, `  ${i + 1}. `)));
    out.push('');
  }
  for (const w of e.warnings) out.push(style('yellow', `warning: ${w}`));
  return `${out.join('\n').trimEnd()}\n`;
}
