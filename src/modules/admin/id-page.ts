import { pageWindow, toConnection, type PageArgs } from '../../graphql/connection';

/**
 * Keyset paging newest-first by integer id for Prisma queries (admin lists): the cursor is the
 * last id seen, so deep pages cost the same as the first and rows added meanwhile do not shift pages.
 * @example
 * const page = idPage(args, max);
 * const rows = await prisma.x.findMany({ where: { ...filter, ...page.where }, orderBy: page.orderBy, take: page.take });
 * return page.connection(rows, () => prisma.x.count({ where: filter }));
 */
export function idPage(args: PageArgs, maxPageSize: number) {
  const window = pageWindow(args, ['int'], maxPageSize);
  const cursor = window.cursor ? Number(window.cursor[0]) : null;
  return {
    where: cursor === null ? {} : { id: window.backward ? { gt: cursor } : { lt: cursor } },
    orderBy: { id: window.backward ? ('asc' as const) : ('desc' as const) },
    take: window.limit + 1,
    empty: window.limit === 0,
    connection<T extends { id: number }>(rows: T[], count: () => Promise<number>) {
      return toConnection(rows, window, (r) => [r.id], count);
    },
  };
}
