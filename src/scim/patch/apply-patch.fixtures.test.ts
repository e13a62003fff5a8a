import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { createSchemaRegistry, validateResource } from '../schema/index.js';
import type { ResourceTypeName, ScimResource } from '../schema/types.js';
import { applyPatch } from './apply-patch.js';
import rfc7644 from './fixtures/rfc7644-section-3-5-2.json' with { type: 'json' };
import wso2 from './fixtures/wso2-bulk-patch.json' with { type: 'json' };
import { parsePatchRequest } from './parse-patch-request.js';

interface FixtureCase {
  name: string;
  resourceType: string;
  resource: string;
  body: unknown;
  expected:
    | { changed: boolean; resource: ScimResource }
    | { error: { status: number; scimType: string; detailPrefix: string } };
}

interface Fixture {
  resources: Record<string, ScimResource>;
  cases: FixtureCase[];
}

const registry = createSchemaRegistry();

function run(fixture: Fixture, testCase: FixtureCase): void {
  const resource = fixture.resources[testCase.resource];
  if (!resource) throw new Error(`fixture names an unknown resource ${testCase.resource}`);
  const resourceType = testCase.resourceType as ResourceTypeName;
  const expected = testCase.expected;
  const before = structuredClone(resource);
  if ('error' in expected) {
    let thrown: unknown;
    try {
      applyPatch(registry, resourceType, resource, parsePatchRequest(testCase.body));
    } catch (error) {
      thrown = error;
    }
    expect(isScimError(thrown)).toBe(true);
    if (!isScimError(thrown)) return;
    expect({ status: thrown.status, scimType: thrown.scimType }).toEqual({
      status: expected.error.status,
      scimType: expected.error.scimType,
    });
    expect(thrown.detail.startsWith(expected.error.detailPrefix)).toBe(true);
  } else {
    const result = applyPatch(registry, resourceType, resource, parsePatchRequest(testCase.body));
    expect(result).toEqual(expected);
    expect(() =>
      validateResource(registry, resourceType, result.resource, {
        mode: 'replace',
        existing: resource,
      }),
    ).not.toThrow();
  }
  expect(resource).toEqual(before);
}

describe.each([
  ['RFC 7644 §3.5.2', rfc7644 as Fixture],
  ['the WSO2 bulk guide', wso2 as Fixture],
])('applyPatch with every PATCH body of %s', (_source, fixture) => {
  it.each(fixture.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => run(fixture, testCase),
  );
});
