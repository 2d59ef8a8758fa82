/** The tool's version, from package.json (SARIF's driver version, the language server's serverInfo, cache keys). */
import { version } from '../package.json';

export const TOOL_VERSION: string = version;
