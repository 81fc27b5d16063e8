// The version Rewind's runtime records in each completion's sdkMetadata is the @rewind/sdk package's own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REWIND_SDK_NAME, REWIND_SDK_VERSION, SdkFlags } from '../src/workflow/flags';

const packageVersion = (JSON.parse(fs.readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { version: string }).version;

describe('the SDK version recorded in histories', function () {
  it("is sdk/package.json's version (bump REWIND_SDK_VERSION in sdk/src/workflow/flags.ts with the package)", function () {
    assert.equal(REWIND_SDK_VERSION, packageVersion);
    const { sdkName, sdkVersion } = new SdkFlags().takeMetadata();
    assert.deepEqual({ sdkName, sdkVersion }, { sdkName: REWIND_SDK_NAME, sdkVersion: packageVersion });
  });
});
