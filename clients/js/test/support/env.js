// What with-stack.js tells the test files about the running stack.
import { mintToken } from './stack.js';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with "npm test" (test/with-stack.js)`);
  return value;
}

export const gateway = required('INVOICE_TEST_GATEWAY');
/** The token the stack printed: clinic 1, every scope. */
export const printedToken = required('INVOICE_TEST_TOKEN');
export const consoleUrl = required('INVOICE_TEST_CONSOLE_URL');
export const stack = { kafka: required('INVOICE_TEST_KAFKA'), jar: required('LOCAL_STACK_JAR') };
export const tokenFor = (clinicId, scope) => mintToken(required('INVOICE_TEST_SECRET'), clinicId, scope);
/** Clinic 1, every scope, minted by the tests (the printed token is checked on its own). */
export const clinic1 = tokenFor(1, 'invoices:write invoices:read invoices:admin');
