// The console page: the JavaScript client (served beside this file from clients/js/src) against the
// gateway that serves the page. The token stays in this tab (sessionStorage), never in the URL.
import { InvoiceClient, ValidationError, newIdempotencyKey } from './client/index.js';

const $ = (selector) => document.querySelector(selector);

// Each field of the invoice form is one line of the page (div.field with data-input, data-label and
// the request's field name in data-field); its label, input and error place are made here, the error
// place named after the field (lineItems[0].quantity: #error-lineItems-0-quantity) and tied to the input.
for (const field of document.querySelectorAll('div.field[data-input]')) {
  const { input: id, label: text, field: name = id, inputmode, value } = field.dataset;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = text;
  const input = document.createElement('input');
  Object.assign(input, { id, name: id, required: 'required' in field.dataset });
  if (inputmode) input.inputMode = inputmode;
  if (value !== undefined) input.defaultValue = value;
  const error = document.createElement('p');
  error.className = 'error';
  error.id = `error-${name.replace(/[[\].]+/g, '-')}`;
  error.dataset.field = name;
  input.setAttribute('aria-describedby', error.id);
  field.replaceChildren(label, input, error);
}

let token = sessionStorage.getItem('invoice-console-token') ?? '';
const client = new InvoiceClient({ baseUrl: '', token: () => token });
let watching = null;
const rows = new Map();

function useToken(value) {
  token = value.trim();
  sessionStorage.setItem('invoice-console-token', token);
  $('#token').value = token;
  watch();
}

// The local stack prints a console URL with its dev token in the fragment: take it, then drop it
// from the address bar.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) {
  history.replaceState(null, '', location.pathname + location.search);
  useToken(fragment.get('token'));
} else if (token) {
  useToken(token);
}

$('#token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  useToken($('#token').value);
});

function watch() {
  watching?.abort();
  watching = new AbortController();
  $('#connection').textContent = 'Connecting…';
  $('#token-error').textContent = '';
  client
    .watchClinic({
      signal: watching.signal,
      onConnected: () => { $('#connection').textContent = 'Live: following this clinic\'s requests.'; },
      onStatus: show,
    })
    .catch((error) => {
      $('#connection').textContent = 'Not connected.';
      $('#token-error').textContent = error.status === 401
        ? 'The token was refused (401): paste a valid one.'
        : `The clinic stream was refused: ${error.message}`;
    });
}

function show(status) {
  let row = rows.get(status.requestId);
  if (!row) {
    row = document.createElement('tr');
    row.dataset.requestId = status.requestId;
    row.innerHTML = '<td class="request"></td><td class="status"></td><td class="invoice"></td><td class="amount"></td><td class="detail"></td>';
    row.querySelector('.request').textContent = status.requestId;
    rows.set(status.requestId, row);
    $('#requests tbody').prepend(row);
  }
  const cell = row.querySelector('.status');
  // A final status never goes back to PENDING, whatever order the page hears them in.
  if (cell.textContent && cell.textContent !== 'PENDING' && status.status === 'PENDING') return;
  cell.textContent = status.status;
  cell.className = `status status-${status.status}`;
  row.querySelector('.invoice').textContent = status.invoice ? `#${status.invoice.id} ${status.invoice.status}` : '';
  row.querySelector('.amount').textContent = status.invoice
    ? `${(status.invoice.amount / 100).toFixed(2)} ${status.invoice.currency}` : '';
  row.querySelector('.detail').textContent = status.error
    ? `${status.error.code}: ${status.error.message}`
    : status.duplicate ? `duplicate (${status.duplicate.rule})` : '';
}

function number(name) {
  const value = $(`#${name}`).value.trim();
  if (value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function invoiceFromForm() {
  const item = { quantity: number('quantity') };
  if ($('#productId').value.trim() !== '') item.productId = number('productId');
  if ($('#description').value.trim() !== '') item.description = $('#description').value.trim();
  if ($('#unitAmount').value.trim() !== '') item.unitAmount = number('unitAmount');
  const request = { patientId: number('patientId'), lineItems: [item] };
  if (number('orderId') !== undefined) request.orderId = number('orderId');
  if ($('#currency').value.trim() !== '') request.currency = $('#currency').value.trim();
  if ($('#memo').value.trim() !== '') request.memo = $('#memo').value.trim();
  return request;
}

function clearErrors(form) {
  form.querySelectorAll('.error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
}

/** Shows each field's message next to its field; what names no field on the page goes to `fallback`. */
function showProblem(form, error, fallback) {
  let unplaced = [];
  for (const { field, message } of error.errors ?? []) {
    const place = form.querySelector(`.error[data-field="${CSS.escape(field)}"]`);
    if (place) {
      place.textContent = message;
      form.querySelector(`[aria-describedby~="${place.id}"]`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${field}: ${message}`);
    }
  }
  if (!error.errors?.length) unplaced = [error.detail ?? error.message];
  fallback.textContent = unplaced.join('; ');
  form.querySelector('[aria-invalid="true"]')?.focus();
}

$('#invoice-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  $('#submit-result').textContent = 'Submitting…';
  $('#submit').disabled = true;
  // One key per click, kept across every retry of this click.
  const idempotencyKey = newIdempotencyKey();
  try {
    const accepted = await client.submitInvoice(invoiceFromForm(), {
      idempotencyKey,
      onRetry: ({ attempt, waitMs }) => {
        $('#submit-result').textContent = `Busy; retrying in ${Math.ceil(waitMs / 1000)} s (attempt ${attempt + 1}, same key).`;
      },
    });
    $('#submit-result').textContent = `Accepted as ${accepted.requestId} after ${accepted.attempts} attempt(s) with key ${idempotencyKey}.`;
    show({ requestId: accepted.requestId, status: accepted.status });
  } catch (error) {
    $('#submit-result').textContent = '';
    showProblem(form, error, $('#form-error'));
    if (!(error instanceof ValidationError) && error.status === undefined) {
      $('#form-error').textContent = `Not sent: ${error.message}. Submitting again is safe.`;
    }
  } finally {
    $('#submit').disabled = false;
  }
});

$('#load-dead-letters').addEventListener('click', loadDeadLetters);

async function loadDeadLetters() {
  $('#dead-letters-error').textContent = '';
  try {
    const page = await client.listDeadLetters({ limit: 100 });
    const body = $('#dead-letters tbody');
    body.replaceChildren();
    for (const letter of page.items) {
      const row = document.createElement('tr');
      for (const value of [letter.failedAt, `${letter.errorCode}: ${letter.error ?? ''}`, letter.requestId ?? '',
        letter.idempotencyKey ?? '', letter.attempts]) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.append(cell);
      }
      body.append(row);
    }
    if (!page.items.length) $('#dead-letters-error').textContent = 'No dead letters.';
    if (!$('#replay-error-code').value && page.items[0]) $('#replay-error-code').value = page.items[0].errorCode;
  } catch (error) {
    $('#dead-letters-error').textContent = error.status === 403
      ? 'This token lacks the invoices:admin scope.' : error.message;
  }
}

$('#replay-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const dryRun = event.submitter?.value !== 'replay';
  const errorCode = $('#replay-error-code').value.trim();
  try {
    const result = await client.replayDeadLetters({ errorCode: errorCode || undefined, dryRun });
    $('#replay-result').textContent = dryRun
      ? `Dry run: ${result.matched} matched, nothing replayed.`
      : `Replayed ${result.replayed} of ${result.matched} matched.`
        + (result.notReplayable ? ` ${result.notReplayable} cannot be replayed: their bytes are not a command.` : '');
  } catch (error) {
    $('#replay-result').textContent = '';
    showProblem(form, error, $('#dead-letters-error'));
  }
});
