// text/event-stream read over fetch, so the token travels in the Authorization header (a browser's
// EventSource cannot send one).

/**
 * Yields `{ event, data, id }` for each event of an event-stream response, as a browser's
 * EventSource parses it; comments (heartbeats) are skipped.
 */
export async function* readEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data = null;
  let id = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data !== null) yield { event, data, id };
          event = 'message';
          data = null;
          id = null;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data = data === null ? value : `${data}\n${value}`;
        else if (field === 'id') id = value;
      }
    }
  } finally {
    // Ends the connection when the caller stops early (a final status, an abort).
    reader.cancel().catch(() => {});
  }
}
