/**
 * The one table of framework calls both front ends consult (see call-table.ts).
 * Each family of calls registers itself here.
 */
import { registerApplicationCalls } from './application-calls';
import { CallTable } from './call-table';
import { registerConcreteTensors } from './concrete-tensors';
import { registerMergeCalls } from './merge-calls';
import { registerModelCalls } from './model-calls';
import { registerOperationCalls } from './operation-calls';
import { registerSessionCalls } from './session-calls';

export const FRAMEWORK_CALLS = new CallTable();
registerModelCalls(FRAMEWORK_CALLS);
registerOperationCalls(FRAMEWORK_CALLS);
registerConcreteTensors(FRAMEWORK_CALLS);
registerMergeCalls(FRAMEWORK_CALLS);
registerSessionCalls(FRAMEWORK_CALLS);
registerApplicationCalls(FRAMEWORK_CALLS);
