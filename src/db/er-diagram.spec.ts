import { parseSchema, renderErDiagrams, withDiagrams, ER_END, ER_START } from './er-diagram';

const SCHEMA = `
// ─────────────
// Shop
// ─────────────

enum OrderStatus {
  open
  done

  @@map("order_status")
}

model Customer {
  id     Int     @id @default(autoincrement())
  email  String  @unique @db.Citext
  orders Order[]
  card   Card?

  @@map("customers")
}

model Card {
  customerId Int      @id @map("customer_id")
  tags       String[]
  customer   Customer @relation(fields: [customerId], references: [id])

  @@map("cards")
}

model Order {
  id         Int         @default(autoincrement())
  customerId Int?        @map("customer_id")
  status     OrderStatus
  createdAt  DateTime    @map("created_at") @db.Timestamptz(6)
  customer   Customer?   @relation(fields: [customerId], references: [id])

  @@id([id, createdAt])
  @@unique([customerId], map: "one_open", where: raw("status = 'open'"))
  @@map("orders")
}
`;

describe('ER diagrams from a Prisma schema', () => {
  it('maps types, keys and cardinalities', () => {
    expect(renderErDiagrams(parseSchema(SCHEMA))).toBe(
      [
        '### Shop',
        '',
        '```mermaid',
        'erDiagram',
        // A primary key that is also the foreign key: at most one card per customer.
        '  customers ||--o| cards : "customer_id"',
        // Optional key, and a partial unique index is not uniqueness.
        '  customers |o--o{ orders : "customer_id"',
        '  customers {',
        '    int id PK',
        '    citext email UK',
        '  }',
        '  cards {',
        '    int customer_id PK, FK',
        '    text[] tags',
        '  }',
        '  orders {',
        '    int id PK',
        '    int customer_id FK',
        '    order_status status',
        '    timestamptz created_at PK',
        '  }',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('replaces only the text between the markers', () => {
    const doc = `# Title\n\n${ER_START}\nold\n${ER_END}\n\nafter\n`;
    expect(withDiagrams(doc, 'new\n')).toBe(`# Title\n\n${ER_START}\n\nnew\n\n${ER_END}\n\nafter\n`);
    expect(() => withDiagrams('# no markers', 'x')).toThrow('no');
  });
});
