import type { Evaluation } from '../grading/evaluation.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const quote = (s: string) => `“${s.replace(/\s+/g, ' ').trim()}”`;

/** A Markdown report, for pasting into a coaching doc, an issue or a PR. */
export function renderMarkdown(e: Evaluation): string {
  const lines: string[] = [];
  lines.push(`# ${e.total}/${e.maxTotal}: ${e.band.label}`, '');
  lines.push(`Rubric: ${e.rubric.name} (\`${e.rubric.id}\` ${e.rubric.version}) · engine: ${e.engine.kind}${e.engine.model ? ` (${e.engine.model})` : ''}`, '');
  if (e.question) lines.push(`> **Question:** ${cell(e.question)}`, '');
  lines.push('| Dimension | Score | Rationale |', '| --- | --- | --- |');
  for (const d of e.dimensions) lines.push(`| ${cell(d.name)} | ${'●'.repeat(d.score)}${'○'.repeat(5 - d.score)} ${d.score} | ${cell(d.rationale)} |`);
  lines.push('');
  if (e.flags.length) {
    lines.push('## Flags', '');
    for (const f of e.flags) {
      lines.push(`- **${f.label}** (\`${f.id}\`, ${f.severity}${f.dimension ? `, drags ${f.dimension}` : ''})${f.quote ? `: ${quote(f.quote)}` : ''}  `);
      lines.push(`  ${f.advice}`);
    }
    lines.push('');
  }
  if (e.strengths.length) {
    lines.push('## Strengths', '');
    for (const s of e.strengths) lines.push(`- **${s.label}**: ${quote(s.quote)}`);
    lines.push('');
  }
  lines.push('## Evidence stack', '');
  for (const s of e.evidenceStack) lines.push(`- [${s.present ? 'x' : ' '}] ${s.step}`);
  lines.push('');
  if (e.speech) {
    const sp = e.speech;
    lines.push('## Delivery', '', `${sp.words} words · ${sp.fillerCount} fillers (${sp.fillerRate.toFixed(1)} per 100 words)${sp.wordsPerMinute != null ? ` · ${Math.round(sp.wordsPerMinute)} words/min` : ''}`, '');
  }
  if (e.advice.length) {
    lines.push('## What to fix first', '');
    e.advice.forEach((a, i) => lines.push(`${i + 1}. ${a}`));
    lines.push('');
  }
  if (e.warnings.length) {
    lines.push('## Warnings', '');
    for (const w of e.warnings) lines.push(`- ${w}`);
    lines.push('');
  }
  return lines.join('\n');
}
