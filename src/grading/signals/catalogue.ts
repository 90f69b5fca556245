import { join } from 'node:path';
import { RubricFileError } from '../errors.js';
import { loadYamlFile, RUBRICS_DIR } from '../rubric-registry.js';
import {
  FlagCatalogue,
  StrengthCatalogue,
  TechnologyLexicon,
  type AbsenceRule,
  type ExcludeScope,
  type GuardScope,
  type SpanRule,
  type StrengthRule,
  type WholeRule,
} from './catalogue-schema.js';
import { NameIndex } from './name-index.js';
import { compilePattern, PatternError, type PatternView } from './patterns.js';
import { literalSet, requiredLiterals, type LiteralSet } from './prefilter.js';

/** The signal catalogues, loaded, validated and compiled once per process (lazily). */

export const SIGNALS_DIR = join(RUBRICS_DIR, 'signals');
export const FLAGS_FILE = join(SIGNALS_DIR, 'flags.yaml');
export const STRENGTHS_FILE = join(SIGNALS_DIR, 'strengths.yaml');
export const TECHNOLOGIES_FILE = join(SIGNALS_DIR, 'technologies.yaml');

export interface CompiledPattern {
  re: RegExp;
  view: PatternView;
  exclude: ExcludeScope;
}
export interface Guard {
  scope: GuardScope;
  re: RegExp;
}
export interface CompiledSpanRule {
  kind: 'span';
  rule: SpanRule;
  maxHits: number;
  patterns: CompiledPattern[];
  technologyRun: { minRun: number; gap: RegExp } | null;
  unless: Guard[];
  requires: Guard[];
}
export interface CompiledWholeRule {
  kind: 'whole';
  rule: WholeRule;
  management: { management: RegExp; technical: RegExp } | null;
}
export interface CompiledAbsenceRule {
  kind: 'absence';
  rule: AbsenceRule;
  cues: Set<string>;
  patterns: RegExp[];
  onlyIf: { re: RegExp; minCount: number } | null;
}
export type CompiledFlagRule = CompiledSpanRule | CompiledWholeRule | CompiledAbsenceRule;

export interface CompiledStrength {
  rule: StrengthRule;
  /** `literals`: lowercase literals one of which every match contains (null: always scan). See prefilter.ts. */
  patterns: { re: RegExp; literals: LiteralSet | null }[];
}
export interface CompiledStrengths {
  maxPerStrength: number;
  maxQuoteChars: number;
  minContentWords: number;
  stopwords: Set<string>;
  /** Case-insensitive and case-sensitive specifics markers, together. */
  markers: RegExp[];
  strengths: CompiledStrength[];
}

/** Runs `build`, turning a pattern problem into a RubricFileError naming the file and field. */
function at<T>(file: string, path: (string | number)[], build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof PatternError) throw new RubricFileError(file, [{ path: path.join('.'), message: err.message }]);
    throw err;
  }
}

export function loadFlagCatalogue(file: string = FLAGS_FILE): CompiledFlagRule[] {
  const cat = loadYamlFile(file, FlagCatalogue);
  const m = cat.macros;
  return cat.flags.map((rule, i): CompiledFlagRule => {
    const where = (...p: (string | number)[]) => ['flags', i, ...p];
    const guard = (name: 'unless' | 'requires', g: { scope: GuardScope; re: string }, j: number): Guard => ({
      scope: g.scope,
      re: at(file, where(name, j, 're'), () => compilePattern(g.re, m, 'text', 'i')),
    });
    if (rule.kind === 'span') {
      return {
        kind: 'span',
        rule,
        maxHits: rule.maxHits ?? cat.defaults.maxHits,
        patterns: rule.patterns.map((p, j) => {
          const entry = typeof p === 'string' ? { re: p } : p;
          const view = entry.view ?? 'text';
          return {
            re: at(file, where('patterns', j), () => compilePattern(entry.re, m, view, 'gi')),
            view,
            exclude: entry.exclude ?? rule.exclude,
          };
        }),
        technologyRun: rule.detector
          ? { minRun: rule.detector.minRun, gap: at(file, where('detector', 'gap'), () => compilePattern(rule.detector!.gap, m, 'text', 'i')) }
          : null,
        unless: rule.unless.map((g, j) => guard('unless', g, j)),
        requires: rule.requires.map((g, j) => guard('requires', g, j)),
      };
    }
    if (rule.kind === 'whole') {
      const d = rule.detector;
      return {
        kind: 'whole',
        rule,
        management:
          d.type === 'management-only'
            ? {
                management: at(file, where('detector', 'management'), () => compilePattern(d.management, m, 'text', 'gi')),
                technical: at(file, where('detector', 'technical'), () => compilePattern(d.technical, m, 'text', 'gi')),
              }
            : null,
      };
    }
    return {
      kind: 'absence',
      rule,
      cues: new Set(rule.absentUnless.cues),
      patterns: rule.absentUnless.patterns.map((p, j) => at(file, where('absentUnless', 'patterns', j), () => compilePattern(p, m, 'text', 'i'))),
      onlyIf: rule.onlyIf
        ? { re: at(file, where('onlyIf', 're'), () => compilePattern(rule.onlyIf!.re, m, 'text', 'gi')), minCount: rule.onlyIf.minCount }
        : null,
    };
  });
}

export function loadStrengthCatalogue(file: string = STRENGTHS_FILE): CompiledStrengths {
  const cat = loadYamlFile(file, StrengthCatalogue);
  const m = cat.macros;
  return {
    maxPerStrength: cat.maxPerStrength,
    maxQuoteChars: cat.maxQuoteChars,
    minContentWords: cat.specifics.minContentWords,
    stopwords: new Set(cat.specifics.stopwords),
    markers: [
      ...cat.specifics.markers.map((p, j) => at(file, ['specifics', 'markers', j], () => compilePattern(p, m, 'text', 'i'))),
      ...cat.specifics.namedMarkers.map((p, j) => at(file, ['specifics', 'namedMarkers', j], () => compilePattern(p, m, 'text', ''))),
    ],
    strengths: cat.strengths.map((rule, i) => ({
      rule,
      patterns: rule.patterns.map((p, j) => {
        const re = at(file, ['strengths', i, 'patterns', j], () => compilePattern(p, m, 'text', 'gi'));
        return { re, literals: literalSet(requiredLiterals(re.source)) };
      }),
    })),
  };
}

export interface CompiledTechnologies {
  /** Technology names in any case ("kubernetes", "Postgres"). */
  anyCase: NameIndex;
  /** Names that are also English words, matched only as written ("Go", "React"). */
  exactCase: NameIndex | null;
}

export function loadTechnologyLexicon(file: string = TECHNOLOGIES_FILE): CompiledTechnologies {
  const lex = loadYamlFile(file, TechnologyLexicon);
  return {
    anyCase: at(file, ['terms'], () => new NameIndex(lex.terms, 'i')),
    exactCase: lex.caseSensitive.length ? at(file, ['caseSensitive'], () => new NameIndex(lex.caseSensitive, '')) : null,
  };
}

let flags: CompiledFlagRule[] | null = null;
let strengths: CompiledStrengths | null = null;
let technologies: CompiledTechnologies | null = null;

export const flagCatalogue = () => (flags ??= loadFlagCatalogue());
export const strengthCatalogue = () => (strengths ??= loadStrengthCatalogue());
export const technologyLexicon = () => (technologies ??= loadTechnologyLexicon());
