#!/usr/bin/env python3
"""HS256 tokens for clinic 1, one per minute from now on, as "iat token" lines.

Gateways before the iat fix (4fe05ff and older) accept a token only within a minute of its iat
(Spring Security's JwtIssuedAtValidator), so a long load run switches tokens as it goes (submit.lua).

usage: tokens.py SECRET_FILE MINUTES
"""
import base64
import hashlib
import hmac
import json
import sys
import time


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


secret = open(sys.argv[1]).read().strip().encode()
start = int(time.time())
for minute in range(int(sys.argv[2]) + 1):
    iat = start + 60 * minute
    header = b64(json.dumps({"alg": "HS256"}).encode())
    claims = b64(json.dumps({"sub": "front-door", "clinic_id": 1, "scope": "invoices:write invoices:read",
                             "iat": iat, "exp": iat + 3600}).encode())
    signature = b64(hmac.new(secret, f"{header}.{claims}".encode(), hashlib.sha256).digest())
    print(iat, f"{header}.{claims}.{signature}")
