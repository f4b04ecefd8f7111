/**
 * The one place that touches wink-nlp: tokenization, part of speech, lemmas, stems, negation scope
 * and wink's number/money/ordinal entities. The model loads on first use (`loadNlp`). Everything else in `understanding/` works on the
 * plain {@link Token} list this returns, so rules read as data and specs need no NLP setup.
 */
import type winkNLP from 'wink-nlp';

export interface Token {
  /** Position in the message (0-based). */
  i: number;
  /** As typed. */
  text: string;
  /** Lower-cased, normalized form (wink's `normal`). */
  lower: string;
  /** Dictionary form ("boots" → "boot", "is" → "be"). */
  lemma: string;
  /**
   * Matching key: the stem without a plural `s`, apostrophes dropped. Catalog names are keyed the
   * same way, so "running shoes", "Running Shoe" and "shoes for running" share keys.
   */
  key: string;
  /** Universal POS tag (NOUN, VERB, ADJ, NUM, PROPN, …). */
  pos: string;
  /** wink token type: word, number, currency, ordinal, punctuation, symbol, emoji, … */
  type: string;
  /** Typed with a capital letter (a proper name is more likely). */
  capitalized: boolean;
  /** Inside a negation's scope ("not red", "anything but black"). */
  negated: boolean;
  stop: boolean;
  /** In the English dictionary of the model (an unknown word is more likely a name). */
  inLexicon: boolean;
  /** Whitespace typed before it (keeps "$1,200" and "t-shirt" apart from "t - shirt"). */
  spaceBefore: boolean;
}

/** A number/money/ordinal span that wink recognized. */
export interface NumberEntity {
  type: 'MONEY' | 'CARDINAL' | 'ORDINAL' | 'PERCENT' | string;
  value: string;
  start: number;
  end: number;
}

export interface Analysis {
  tokens: Token[];
  entities: NumberEntity[];
}

type Engine = ReturnType<typeof winkNLP>;

/**
 * wink and its English model (~100 MB of heap) load on first use, not at import: an API process
 * that only enqueues turns (JOBS_ENABLED=false) never pays for them.
 */
let engine: { nlp: Engine; its: Engine['its']; lexiconSize: number } | null = null;
let loading: Promise<void> | null = null;

/** Loads the NLP model once per process; `analyze` needs it (getLexicon awaits it). */
export function loadNlp(): Promise<void> {
  loading ??= (async () => {
    const [{ default: wink }, { default: model }] = await Promise.all([
      import('wink-nlp'),
      import('wink-eng-lite-web-model'),
    ]);
    const nlp = wink(model);
    const its = nlp.its;
    // Ids at or above this were not in the model's lexicon (wink numbers unknown words on the fly).
    const lexiconSize = nlp.readDoc('zqxjvkqzw').tokens().out(its.uniqueId)[0] as unknown as number;
    engine = { nlp, its, lexiconSize };
  })();
  return loading;
}

function loaded() {
  if (!engine) throw new Error('the NLP model is not loaded: await loadNlp() first');
  return engine;
}

/** Stems without plural residue, apostrophes and hyphens: the matching key of a word. */
export function keyOf(stem: string): string {
  let k = stem.replace(/['’]/g, '');
  if (k.length > 2 && k.endsWith('s') && !/(ss|us|is)$/.test(k)) k = k.slice(0, -1);
  return k;
}

/** Tokenizes and tags a message (bounded: callers cap the text length). */
export function analyze(text: string): Analysis {
  const { nlp, its, lexiconSize } = loaded();
  const doc = nlp.readDoc(text);
  const t = doc.tokens();
  const texts = t.out() as string[];
  const normals = t.out(its.normal) as string[];
  // The model's addon typings disagree with wink-nlp's (a known mismatch); both are plain strings.
  const lemmas = t.out(its.lemma as never) as string[];
  const stems = t.out(its.stem as never) as string[];
  const pos = t.out(its.pos) as string[];
  const types = t.out(its.type) as string[];
  const neg = t.out(its.negationFlag) as unknown as boolean[];
  const stop = t.out(its.stopWordFlag) as unknown as boolean[];
  const ids = t.out(its.uniqueId) as unknown as number[];
  const spaces = t.out(its.precedingSpaces) as string[];
  const tokens: Token[] = texts.map((raw, i) => {
    // "&" joins names ("Calder & Finch", "Keyboards & Mice"): read it as the word "and".
    const amp = raw === '&';
    // wink's `normal` also respells ("gray" → "grey"): keep what was typed, lower-cased.
    const lower = amp ? 'and' : /['’]/.test(raw) ? normals[i]! : raw.toLowerCase();
    const type = amp ? 'word' : types[i]!;
    return {
      i,
      text: raw,
      lower,
      lemma: lemmas[i]!,
      key: amp ? 'and' : type === 'word' ? keyOf(stems[i]!) : lower,
      pos: pos[i]!,
      type,
      capitalized: /^\p{Lu}/u.test(raw),
      negated: !!neg[i],
      stop: !!stop[i],
      inLexicon: ids[i]! < lexiconSize,
      spaceBefore: i > 0 && spaces[i]!.length > 0,
    };
  });
  const entities: NumberEntity[] = [];
  doc.entities().each((e: { out(f: unknown): unknown }) => {
    const detail = e.out(its.detail) as unknown as { type: string; value: string };
    const span = e.out(its.span) as unknown as [number, number];
    entities.push({ type: detail.type, value: detail.value, start: span[0], end: span[1] });
  });
  return { tokens, entities };
}

/** Keys of a catalog phrase (category, brand, colour), computed exactly as messages are keyed. */
export function phraseKeys(phrase: string): string[] {
  const words = analyze(phrase.toLowerCase()).tokens.filter((t) => t.type === 'word' || t.type === 'number');
  const content = words.filter((t) => !t.stop && t.key.length > 1 && t.key !== 'and');
  return (content.length ? content : words).map((t) => t.key);
}
