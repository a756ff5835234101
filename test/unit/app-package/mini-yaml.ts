/**
 * A strict reader for the small YAML subset our tool config files use: block mappings, block
 * sequences (of scalars or mappings), plain / "double" / 'single' quoted scalars, comments.
 * The project has no YAML parser (none in node_modules, not even transitively), so the tests read
 * `.m365agentsplayground.yml` and `teamsapp*.yml` with this. Anything outside the subset (flow
 * collections, anchors, tags, block scalars, tabs, duplicate keys) throws instead of being misread.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  number: number;
  indent: number;
  text: string;
}

export class YamlSubsetError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'YamlSubsetError';
  }
}

function stripComment(text: string): string {
  if (text.startsWith('#')) return '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s:-]/.test(text[i - 1]!)) quote = char;
    } else if (char === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

function scalar(raw: string, line: number): YamlValue {
  const text = raw.trim();
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2)
      throw new YamlSubsetError(line, `unterminated string ${text}`);
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2)
      throw new YamlSubsetError(line, `unterminated string ${text}`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[[{&*!|>%@`]/.test(text)) throw new YamlSubsetError(line, `unsupported YAML syntax: ${text}`);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~' || text === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

const KEY = /^([A-Za-z0-9_$][A-Za-z0-9_$.\-/ ]*):(?:\s+(.*))?$/;

class Reader {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  document(): YamlValue {
    if (!this.lines.length) return null;
    const value = this.block(this.lines[0]!.indent);
    const rest = this.lines[this.index];
    if (rest) throw new YamlSubsetError(rest.number, `unexpected indentation: ${rest.text}`);
    return value;
  }

  private block(indent: number): YamlValue {
    const line = this.lines[this.index]!;
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): YamlValue {
    const result: { [key: string]: YamlValue } = {};
    for (let line = this.lines[this.index]; line && line.indent === indent; line = this.lines[this.index]) {
      if (line.text.startsWith('- ')) break;
      const match = KEY.exec(line.text);
      if (!match) throw new YamlSubsetError(line.number, `expected "key: value": ${line.text}`);
      const key = match[1]!.trim();
      if (Object.hasOwn(result, key)) throw new YamlSubsetError(line.number, `duplicate key ${key}`);
      this.index++;
      const next = this.lines[this.index];
      if (match[2] !== undefined && match[2] !== '') {
        result[key] = scalar(match[2], line.number);
      } else if (next && next.indent > indent) {
        result[key] = this.block(next.indent);
      } else if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) {
        result[key] = this.sequence(indent);
      } else {
        result[key] = null;
      }
    }
    const line = this.lines[this.index];
    if (line && line.indent > indent)
      throw new YamlSubsetError(line.number, `unexpected indentation: ${line.text}`);
    return result;
  }

  private sequence(indent: number): YamlValue {
    const result: YamlValue[] = [];
    for (let line = this.lines[this.index]; line && line.indent === indent; line = this.lines[this.index]) {
      if (line.text !== '-' && !line.text.startsWith('- ')) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.index++;
        const next = this.lines[this.index];
        result.push(next && next.indent > indent ? this.block(next.indent) : null);
      } else if (KEY.test(rest) && !/^["']/.test(rest)) {
        // "- key: value" opens a mapping whose keys sit where "key" starts.
        const itemIndent = indent + (line.text.length - rest.length);
        this.lines[this.index] = { number: line.number, indent: itemIndent, text: rest };
        result.push(this.mapping(itemIndent));
      } else {
        this.index++;
        result.push(scalar(rest, line.number));
      }
    }
    return result;
  }
}

export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*\t/.test(raw)) throw new YamlSubsetError(i + 1, 'tab indentation');
    const text = stripComment(raw.trim());
    if (text === '' || text === '---') return;
    lines.push({ number: i + 1, indent: raw.length - raw.trimStart().length, text });
  });
  return new Reader(lines).document();
}
