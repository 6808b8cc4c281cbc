/// <reference types="node" />
// @vitest-environment node
// Runs every conformance case of tests/fixtures/forms/ (README.md there describes the format)
// through the browser's validator. The C++ suite (tests/unit/forms/conformance_test.cpp) runs
// the same files, so a rule that changes there must change here too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseCivilDate } from './civilDate';
import type { FormDefinition } from './types';
import { validateForm, visibleFields } from './validate';

const kCases = fileURLToPath(new URL('../../../tests/fixtures/forms/', import.meta.url));

interface ConformanceCase {
  description: string;
  today: string;
  definition: FormDefinition | string;
  input: Record<string, unknown>;
  expected: {
    errors: { field: string; code: string }[];
    values?: Record<string, unknown>;
    visible?: string[];
  };
}

function read(name: string): string {
  return readFileSync(join(kCases, name), 'utf8');
}

const files = readdirSync(kCases)
  .filter((name) => name.endsWith('.json'))
  .sort();

function pairs(errors: readonly { field: string; code: string }[]): string[] {
  return errors.map((error) => `${error.field}: ${error.code}`).sort();
}

describe('form conformance cases', () => {
  it('has a case for every rule', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s', (name) => {
    const c = JSON.parse(read(name)) as ConformanceCase;
    const definition =
      typeof c.definition === 'string' ? (parseYaml(read(c.definition)) as FormDefinition) : c.definition;
    const today = parseCivilDate(c.today);
    expect(today, 'today').not.toBeNull();
    if (!today) return;

    const result = validateForm(definition, c.input, today);
    expect(pairs(result.errors), c.description).toEqual(pairs(c.expected.errors));
    for (const error of result.errors) {
      expect(error.message['zh-CN'], `${error.field} zh-CN`).not.toBe('');
      expect(error.message.en, `${error.field} en`).not.toBe('');
    }
    if (c.expected.values) expect(result.values, c.description).toStrictEqual(c.expected.values);
    if (c.expected.visible) expect(visibleFields(definition, c.input, today), c.description).toEqual(c.expected.visible);
  });
});
