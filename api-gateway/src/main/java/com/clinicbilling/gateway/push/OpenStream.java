package com.clinicbilling.gateway.push;

/** What {@link StatusStreams} does to every open stream, whatever it follows. */
interface OpenStream {

	/** A comment line, so proxies and clients see the stream alive and a gone client is noticed. */
	void heartbeat();

	/** Ends the response normally (time-out, shutdown); the client may reconnect. */
	void end();

	/** Forgets the stream once its response is over, whatever ended it. */
	void close();

}
