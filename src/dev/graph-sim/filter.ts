/**
 * The slice of OData `$filter` the reports API supports, enough to ask the questions a rollout asks:
 * `isMfaRegistered eq false`, `methodsRegistered/any(m: m eq 'mobilePhone')`,
 * `startswith(userPrincipalName, 'a')`, combined with `and`, `or`, `not` and parentheses.
 * Anything else is refused with a 400, never silently ignored (an ignored filter returns everyone).
 */
export type PropertyType = 'boolean' | 'string' | 'collection';
export type FilterSchema = Readonly<Record<string, PropertyType>>;
export type Predicate = (row: Readonly<Record<string, unknown>>) => boolean;

export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value });
    } else if ('(),:/'.includes(char)) {
      tokens.push({ kind: 'punct', value: char });
      i++;
    } else {
      const match = /^(-?\d+(?:\.\d+)?)|^([A-Za-z_][A-Za-z0-9_.]*)/.exec(text.slice(i));
      if (!match) throw new FilterSyntaxError(`unexpected character '${char}' at position ${i}`);
      if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
      else tokens.push({ kind: 'ident', value: match[2]! });
      i += match[0].length;
    }
  }
  return tokens;
}

type Literal = boolean | string | number | null;

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly schema: FilterSchema,
    private readonly typeName: string,
  ) {}

  parse(): Predicate {
    const predicate = this.parseOr();
    if (this.position < this.tokens.length)
      throw new FilterSyntaxError('unexpected text after the expression');
    return predicate;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private isKeyword(token: Token | undefined, keyword: string): boolean {
    return token?.kind === 'ident' && token.value.toLowerCase() === keyword;
  }

  private expectPunct(value: string): void {
    const token = this.tokens[this.position++];
    if (token?.kind !== 'punct' || token.value !== value) throw new FilterSyntaxError(`expected '${value}'`);
  }

  private expectIdent(): string {
    const token = this.tokens[this.position++];
    if (token?.kind !== 'ident') throw new FilterSyntaxError('expected a property name');
    return token.value;
  }

  private parseOr(): Predicate {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.position++;
      const right = this.parseAnd();
      const previous = left;
      left = (row) => previous(row) || right(row);
    }
    return left;
  }

  private parseAnd(): Predicate {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      this.position++;
      const right = this.parseUnary();
      const previous = left;
      left = (row) => previous(row) && right(row);
    }
    return left;
  }

  private parseUnary(): Predicate {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.position++;
      const inner = this.parseUnary();
      return (row) => !inner(row);
    }
    if (token?.kind === 'punct' && token.value === '(') {
      this.position++;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    if (this.isKeyword(token, 'startswith') && this.peek(1)?.kind === 'punct') {
      this.position++;
      this.expectPunct('(');
      const property = this.property(this.expectIdent(), 'string');
      this.expectPunct(',');
      const prefix = this.literal();
      this.expectPunct(')');
      if (typeof prefix !== 'string') throw new FilterSyntaxError('startswith needs a string');
      const lower = prefix.toLowerCase();
      return (row) =>
        String(row[property] ?? '')
          .toLowerCase()
          .startsWith(lower);
    }
    const name = this.expectIdent();
    const next = this.peek();
    if (next?.kind === 'punct' && next.value === '/') return this.parseAny(name);
    return this.parseComparison(name);
  }

  /** `collection/any(v: v eq 'x' [or v eq 'y'])` */
  private parseAny(name: string): Predicate {
    const property = this.property(name, 'collection');
    this.expectPunct('/');
    if (!this.isKeyword(this.peek(), 'any'))
      throw new FilterSyntaxError("only the 'any' lambda is supported");
    this.position++;
    this.expectPunct('(');
    const variable = this.expectIdent();
    this.expectPunct(':');
    const wanted: string[] = [];
    do {
      if (wanted.length) this.position++; // the 'or'
      if (this.expectIdent() !== variable)
        throw new FilterSyntaxError(`expected the lambda variable '${variable}'`);
      if (!this.isKeyword(this.peek(), 'eq'))
        throw new FilterSyntaxError("only 'eq' is supported inside any()");
      this.position++;
      const value = this.literal();
      if (typeof value !== 'string') throw new FilterSyntaxError('any() compares with strings');
      wanted.push(value);
    } while (this.isKeyword(this.peek(), 'or'));
    this.expectPunct(')');
    return (row) => {
      const values = row[property];
      return Array.isArray(values) && values.some((value) => wanted.includes(value as string));
    };
  }

  private parseComparison(name: string): Predicate {
    const operator = this.peek();
    const op = operator?.kind === 'ident' ? operator.value.toLowerCase() : '';
    if (op !== 'eq' && op !== 'ne') throw new FilterSyntaxError(`unsupported operator after '${name}'`);
    this.position++;
    const value = this.literal();
    const type = this.schema[name];
    if (type === 'collection') throw new FilterSyntaxError(`'${name}' is a collection: use ${name}/any(...)`);
    const property = this.property(name, type ?? 'string');
    if (value !== null && typeof value !== (type === 'boolean' ? 'boolean' : 'string')) {
      throw new FilterSyntaxError(`'${name}' cannot be compared with ${JSON.stringify(value)}`);
    }
    const equals = (row: Readonly<Record<string, unknown>>) => {
      const actual = row[property] ?? null;
      return typeof actual === 'string' && typeof value === 'string'
        ? actual.toLowerCase() === value.toLowerCase()
        : actual === value;
    };
    return op === 'eq' ? equals : (row) => !equals(row);
  }

  private literal(): Literal {
    const token = this.tokens[this.position++];
    if (!token) throw new FilterSyntaxError('expected a value');
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'ident') {
      const lower = token.value.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
    }
    throw new FilterSyntaxError('expected a value');
  }

  private property(name: string, expected: PropertyType): string {
    const type = this.schema[name];
    if (!type)
      throw new FilterSyntaxError(`Could not find a property named '${name}' on type '${this.typeName}'.`);
    if (type !== expected) throw new FilterSyntaxError(`'${name}' is not a ${expected}`);
    return name;
  }
}

export function parseFilter(text: string, schema: FilterSchema, typeName: string): Predicate {
  if (!text.trim()) throw new FilterSyntaxError('empty filter');
  return new Parser(tokenize(text), schema, typeName).parse();
}
