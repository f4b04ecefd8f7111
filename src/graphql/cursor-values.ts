/**
 * Whether a cursor value can be cast to the SQL type of its sort key. Cursors are opaque but
 * client-held: a hand-made one must answer BAD_USER_INPUT here, not a PostgreSQL cast error
 * (22P02, 22007, 22003) as INTERNAL_SERVER_ERROR. Values are what `(expr)::text` produced, so the
 * accepted forms are PostgreSQL's text output (plus JSON numbers), checked to the type's range.
 */
export function castable(value: unknown, cast: string): boolean {
  if (value === null) return true;
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof text !== 'string' || text.includes('\u0000') || text.length > 200) return false;
  switch (cast) {
    case 'int':
    case 'int4':
    case 'integer':
      return /^-?\d{1,10}$/.test(text) && Number(text) >= -2_147_483_648 && Number(text) <= 2_147_483_647;
    case 'bigint':
    case 'int8':
      return /^-?\d{1,19}$/.test(text) && BigInt(text) >= -(2n ** 63n) && BigInt(text) < 2n ** 63n;
    case 'numeric':
      return /^-?(\d{1,100}(\.\d{0,100})?|\.\d{1,100})(e[-+]?\d{1,3})?$/i.test(text);
    case 'real':
    case 'float4':
      return floatInRange(text, [1.175494e-38, 3.402823e38]);
    case 'double precision':
    case 'float8':
      return floatInRange(text, [2.2250738585072014e-308, Number.MAX_VALUE]);
    case 'uuid':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(text);
    case 'boolean':
      return ['true', 'false', 't', 'f'].includes(text);
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      return isTimestamp(text);
    default:
      return true; // text (and types added later: give them a case here) take any string
  }
}

function floatInRange(text: string, [min, max]: [number, number]): boolean {
  if (['NaN', 'Infinity', '-Infinity'].includes(text)) return true;
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d{1,3})?$/i.test(text)) return false;
  const x = Math.abs(Number(text));
  return x === 0 || (x >= min && x <= max);
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2}){0,2})?$/;

/** A date or timestamp as PostgreSQL writes it (or ISO 8601), with every field in range. */
function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0') as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60
  );
}
