/**
 * The one table of framework calls both front ends consult (see call-table.ts).
 * Each family of calls registers itself here.
 */
import { CallTable } from './call-table';
import { registerModelCalls } from './model-calls';
import { registerOperationCalls } from './operation-calls';

export const FRAMEWORK_CALLS = new CallTable();
registerModelCalls(FRAMEWORK_CALLS);
registerOperationCalls(FRAMEWORK_CALLS);
