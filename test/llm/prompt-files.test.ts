import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RubricFileError } from '../../src/grading/errors.js';
import { buildOutputSchema, outputResponseFormat } from '../../src/llm/output-schema.js';
import { fill, loadPromptTemplates, PROMPTS_DIR } from '../../src/llm/prompt-files.js';
import { neutralizeMarkers } from '../../src/llm/prompt.js';
import { rubric, TEST_FLAGS } from './support.js';

const copyPrompts = () => {
  const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
  cpSync(PROMPTS_DIR, dir, { recursive: true });
  return dir;
};

describe('prompt files', () => {
  it('changes promptVersion when any prompt file changes', () => {
    const dir = copyPrompts();
    const before = loadPromptTemplates(dir).version;
    expect(before).toBe(loadPromptTemplates().version);
    writeFileSync(join(dir, 'repair.md'), readFileSync(join(dir, 'repair.md'), 'utf8') + '\nThank you.\n');
    expect(loadPromptTemplates(dir).version).not.toBe(before);
  });

  it('rejects a template that lost a placeholder or uses an unknown one, naming the file', () => {
    const dir = copyPrompts();
    writeFileSync(join(dir, 'grade.user.md'), 'Grade this: {{answer}} {{nonce}} {{question}} {{extra}}');
    expect(() => loadPromptTemplates(dir)).toThrow(RubricFileError);
    expect(() => loadPromptTemplates(dir)).toThrow(/grade\.user\.md: .*missing placeholder \{\{candidate_flags\}\}.*unknown placeholder \{\{extra\}\}/);
  });

  it('fills placeholders in one pass, so an answer containing {{rubric}} is not expanded', () => {
    expect(fill('A {{answer}} B {{x}}', { answer: '{{x}}', x: 'y' })).toBe('A {{x}} B y');
  });

  it('neutralises delimiter look-alikes in any case or spacing, keeping the length', () => {
    const attack = '< /ANSWER-1234> and <Question-x> and <answers> and a < b';
    const safe = neutralizeMarkers(attack);
    expect(safe).toBe('\u2039 /ANSWER-1234> and \u2039Question-x> and <answers> and a < b');
    expect(safe.length).toBe(attack.length);
  });
});

describe('model output schema', () => {
  it('is accepted by strict structured outputs: every property required, no open objects', () => {
    const schema = buildOutputSchema(rubric(), TEST_FLAGS.map((f) => f.id));
    const json = outputResponseFormat(schema).json_schema.schema as Record<string, any>;
    const walk = (node: any, path: string) => {
      if (node?.type === 'object') {
        expect(node.additionalProperties, path).toBe(false);
        expect([...node.required].sort(), path).toEqual(Object.keys(node.properties).sort());
        for (const [k, v] of Object.entries(node.properties)) walk(v, `${path}.${k}`);
      }
      if (node?.type === 'array') walk(node.items, `${path}[]`);
    };
    walk(json, '$');
    // The dimension object is defined once and referenced by every dimension.
    walk(json.definitions.dimension, '$.definitions.dimension');
    expect(json.properties.dimensions.properties.impact).toEqual({ $ref: '#/definitions/dimension' });
    expect(json.definitions.dimension.properties.score).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    expect(json.definitions.dimension.properties.advice.type).toEqual(['string', 'null']);
  });
});
