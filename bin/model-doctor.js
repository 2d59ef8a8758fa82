#!/usr/bin/env node
// The CLI lives in the bundle; `npm install` builds it (the `prepare` script).
require('../dist/cli.js');
