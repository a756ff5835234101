import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readWaveRows, type WaveRowEvent } from '../../../src/csv/wave-rows';

/** Every event of a file given in small chunks, so line breaks and quotes fall across them. */
async function events(text: string | Buffer, chunkSize = 5): Promise<WaveRowEvent[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  const out: WaveRowEvent[] = [];
  for await (const event of readWaveRows({ stream: Readable.from(chunks, { objectMode: false }) }))
    out.push(event);
  return out;
}

/** Each event in a word: where it is and what it is. */
function summary(list: WaveRowEvent[]): string[] {
  return list.map((event) => {
    switch (event.kind) {
      case 'delimiter':
        return `delimiter ${event.delimiter}`;
      case 'layout':
        return `layout ${Object.keys(event.layout.columns).join('+')}`;
      case 'row':
        return `row ${event.row.line}`;
      case 'blank':
        return 'blank';
      case 'invalid':
        return `invalid ${event.error.line}${event.error.endLine ? `-${event.error.endLine}` : ''}`;
      case 'fatal':
        return `fatal ${event.error.line}: ${event.error.message}`;
      default:
        return event satisfies never;
    }
  });
}

describe('reading a wave CSV line by line', () => {
  it('hands on the delimiter, the layout, rows and blank lines in file order, a malformed row once final', async () => {
    const list = await events(
      'sep=;\nUPN;Name\nAdeleV@contoso.onmicrosoft.com;Adele\n\nnot-a-upn;Nobody\nAlexW@contoso.onmicrosoft.com;"Alex\nWilber"\n',
    );
    assert.deepEqual(summary(list), [
      'delimiter ;',
      'layout userPrincipalName+displayName',
      'row 3',
      'blank',
      // Line 5 could still grow into the lines after it (a parse error starting inside it): it is
      // final once the file ends or another problem is found.
      'row 6',
      'invalid 5',
    ]);
  });

  it('accounts for every line a broken quote swallows, as one problem once it is final', async () => {
    const list = await events(
      'upn,displayName\n' +
        'AdeleV@contoso.onmicrosoft.com,Adele\n' +
        'AlexW@contoso.onmicrosoft.com,"Alex"W\n' +
        'DiegoS@contoso.onmicrosoft.com,Diego\n' +
        'LidiaH@contoso.onmicrosoft.com,Lidia\n',
    );
    assert.deepEqual(summary(list), [
      'delimiter ,',
      'layout userPrincipalName+displayName',
      'row 2',
      'invalid 3-5',
    ]);
    const invalid = list.find((event) => event.kind === 'invalid');
    assert.match(invalid?.kind === 'invalid' ? invalid.error.message : '', /; lines 3–5 were not read$/);
  });

  it('reports lines csv-parse skipped without a word, from the number of lines the file has', async () => {
    const list = await events(
      'upn,displayName\nAdeleV@contoso.onmicrosoft.com,"Adele" "V"\nAlexW@contoso.onmicrosoft.com,Alex\nDiegoS@contoso.onmicrosoft.com,Diego\n',
    );
    assert.deepEqual(summary(list).slice(2), ['invalid 2', 'invalid 3-4']);
    const last = list.at(-1);
    assert.equal(
      last?.kind === 'invalid' && last.error.message,
      'lines 3–4 could not be read as CSV rows (after the error above)',
    );
  });

  it('ends with one fatal event when the file cannot be used, after the problems found so far', async () => {
    assert.deepEqual(summary(await events(Buffer.from('PK\u0003\u0004binary'))), [
      'fatal 1: the file is an Excel workbook (or another zip file): save it as "CSV UTF-8"',
    ]);
    assert.deepEqual(summary(await events('\n\n')), [
      'delimiter ,',
      'blank',
      'blank',
      'fatal 1: the file has no rows',
    ]);
    assert.deepEqual(summary(await events('upn,"name\nAdeleV@contoso.onmicrosoft.com,a\n')), [
      'delimiter ,',
      'fatal 1: the first line could not be read: a double quote opened here is never closed',
    ]);
    const tooLong = await events(
      `upn\nnot-a-upn\nAdeleV@contoso.onmicrosoft.com,"${'x'.repeat(70 * 1024)}\nAlexW@contoso.onmicrosoft.com\n`,
      4096,
    );
    assert.deepEqual(summary(tooLong).slice(1), [
      'layout userPrincipalName',
      'invalid 2',
      'fatal 3: a record longer than 64 KB starts here (a double quote left open?): the rest of the file was not read',
    ]);
  });
});

describe('reading a phone preload CSV', () => {
  async function preloadEvents(text: string): Promise<WaveRowEvent[]> {
    const out: WaveRowEvent[] = [];
    for await (const event of readWaveRows(
      { stream: Readable.from([Buffer.from(text)], { objectMode: false }) },
      { phoneColumns: true },
    ))
      out.push(event);
    return out;
  }

  it('hands each row on with its number cells, by type', async () => {
    const list = await preloadEvents(
      'userPrincipalName;Mobile Phone;alternateMobile\nAdeleV@contoso.onmicrosoft.com;+45 20123456;\nAlexW@contoso.onmicrosoft.com;;+1 4255550101\n',
    );
    const rows = list.flatMap((event) => (event.kind === 'row' ? [[event.row.line, event.phones]] : []));
    assert.deepEqual(rows, [
      [2, { mobile: '+45 20123456' }],
      [3, { alternateMobile: '+1 4255550101' }],
    ]);
  });

  it('refuses a file with no phone column, or no header, on its first line', async () => {
    for (const text of [
      'upn,name\nAdeleV@contoso.onmicrosoft.com,Adele\n',
      'AdeleV@contoso.onmicrosoft.com\n',
    ]) {
      const last = (await preloadEvents(text)).at(-1);
      assert.equal(last?.kind, 'fatal');
      assert.match(last?.kind === 'fatal' ? last.error.message : '', /no column holds phone numbers/);
    }
  });
});
