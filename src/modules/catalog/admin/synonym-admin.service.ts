import type { SearchSynonymSetInput } from '../../../generated/graphql';
import type { SearchSynonym } from '../../../generated/prisma/client';
import { userError, type UserError } from '../../../graphql/errors';

type SynonymPayload = { synonym: SearchSynonym | null; userErrors: UserError[] };
import type { GraphQLContext } from '../../../server/context';
import { writeAudit } from '../../admin/audit.service';
import { invalidateSynonyms } from '../search/synonyms';
import { asPayload, UserInputFailure } from './admin-helpers';

const clean = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export function listSynonyms(ctx: GraphQLContext) {
  return ctx.prisma.searchSynonym.findMany({ orderBy: { term: 'asc' } });
}

export async function setSynonym(ctx: GraphQLContext, input: SearchSynonymSetInput) {
  const term = clean(input.term);
  const synonyms = [...new Set(input.synonyms.map(clean).filter((s) => s && s !== term))];
  const result = await asPayload(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        if (
          !term ||
          term.length > 100 ||
          synonyms.length === 0 ||
          synonyms.length > 20 ||
          synonyms.some((s) => s.length > 100)
        )
          throw new UserInputFailure([
            userError('INVALID', 'A term and 1 to 20 synonyms of at most 100 characters are required', [
              'input',
            ]),
          ]);
        const before = await tx.searchSynonym.findUnique({ where: { term } });
        const synonym = await tx.searchSynonym.upsert({
          where: { term },
          create: { term, synonyms },
          update: { synonyms },
        });
        await writeAudit(tx, ctx, {
          action: 'synonym.set',
          resourceType: 'SearchSynonym',
          resourceId: synonym.id,
          before,
          after: synonym,
        });
        return { synonym, userErrors: [] } as SynonymPayload;
      }),
    { synonym: null },
  );
  invalidateSynonyms(ctx.prisma);
  return result;
}

export async function deleteSynonym(ctx: GraphQLContext, rawTerm: string) {
  const term = clean(rawTerm);
  const result = await asPayload(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const before = await tx.searchSynonym.findUnique({ where: { term } });
        if (!before)
          throw new UserInputFailure([userError('NOT_FOUND', 'No synonym rule for this term', ['term'])]);
        // A concurrent delete may have won since the read: same answer as a missing rule.
        const { count } = await tx.searchSynonym.deleteMany({ where: { id: before.id } });
        if (count === 0)
          throw new UserInputFailure([userError('NOT_FOUND', 'No synonym rule for this term', ['term'])]);
        await writeAudit(tx, ctx, {
          action: 'synonym.delete',
          resourceType: 'SearchSynonym',
          resourceId: before.id,
          before,
        });
        return { synonym: null, userErrors: [] } as SynonymPayload;
      }),
    { synonym: null },
  );
  invalidateSynonyms(ctx.prisma);
  return result;
}
