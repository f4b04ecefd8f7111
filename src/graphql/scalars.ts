import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { badUserInput } from './errors';

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

function parseDecimal(value: unknown): string {
  const s = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof s !== 'string' || !DECIMAL.test(s.trim()))
    throw badUserInput(`Not a decimal number: ${String(value).slice(0, 40)}`);
  return s.trim();
}

/** Decimal travels as a string so 0.1 + 0.2 never happens to money. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number sent as a string',
  serialize(value) {
    if (value === null || value === undefined) return value;
    if (typeof value === 'object' && 'toFixed' in (value as object))
      return (value as { toString(): string }).toString();
    return String(value);
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT)
      return parseDecimal(ast.value);
    throw badUserInput('Decimal must be a string or number');
  },
});

export const scalarResolvers = { DateTime: DateTimeResolver, JSON: JSONResolver, Decimal: DecimalScalar };
