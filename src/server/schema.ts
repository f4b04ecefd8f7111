import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers';

/** The contract clients code against; `npm run codegen` rebuilds it from the modules' .graphql files. */
export const SCHEMA_PATH = path.resolve(__dirname, '../../schema.graphql');

let cached: GraphQLSchema | undefined;

/** Builds the executable schema from schema.graphql and every module's resolvers (once per process). */
export function buildSchema(): GraphQLSchema {
  cached ??= makeExecutableSchema({
    typeDefs: readFileSync(SCHEMA_PATH, 'utf8'),
    resolvers,
    inheritResolversFromInterfaces: true,
  });
  return cached;
}
