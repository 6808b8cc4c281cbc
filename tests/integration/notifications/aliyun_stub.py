"""A loopback stand-in for Aliyun's SMS API (dysmsapi SendSms) that checks request signatures.

Usage: aliyun_stub.py PORT ACCESS_KEY_ID ACCESS_KEY_SECRET LOG_FILE
For every GET it recomputes the RPC signature (HMAC-SHA1 over "GET&%2F&" + the percent-encoded
canonical query, key = secret + "&") independently of the code under test, checks the fixed
parameters, refuses a reused SignatureNonce, appends one JSON line per request to LOG_FILE, and
answers like Aliyun: {"Code":"OK",...}, or an error code. Mobile numbers steer the answer:
13700000000 → isv.BUSINESS_LIMIT_CONTROL (throttled, retry), 13900000000 →
isv.MOBILE_NUMBER_ILLEGAL (refused).
"""
import base64
import hashlib
import hmac
import json
import re
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, KEY_ID, SECRET, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
nonces = set()
lock = threading.Lock()


def pop_encode(text):
    return urllib.parse.quote(text, safe="~")


def expected_signature(params):
    canonical = "&".join(pop_encode(k) + "=" + pop_encode(v)
                         for k, v in sorted(params.items()) if k != "Signature")
    to_sign = "GET&%2F&" + pop_encode(canonical)
    digest = hmac.new((SECRET + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        query = urllib.parse.urlsplit(self.path).query
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        params = dict(pairs)
        problem = None
        fixed = {"Action": "SendSms", "Version": "2017-05-25", "SignatureMethod": "HMAC-SHA1",
                 "SignatureVersion": "1.0", "Format": "JSON", "AccessKeyId": KEY_ID}
        for key, value in fixed.items():
            if params.get(key) != value:
                problem = ("MissingParameter", key)
        for key in ("PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "RegionId",
                    "SignatureNonce", "Timestamp", "Signature"):
            if not params.get(key):
                problem = ("MissingParameter", key)
        if problem is None and not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                                params["Timestamp"]):
            problem = ("InvalidTimeStamp.Format", params["Timestamp"])
        if problem is None and not hmac.compare_digest(params["Signature"],
                                                       expected_signature(params)):
            problem = ("SignatureDoesNotMatch", "signature")
        with lock:
            if problem is None:
                if params["SignatureNonce"] in nonces:
                    problem = ("SignatureNonceUsed", params["SignatureNonce"])
                nonces.add(params["SignatureNonce"])
            try:
                template_param = json.loads(params.get("TemplateParam", "{}"))
            except ValueError:
                template_param = None
            with open(LOG, "a", encoding="utf-8") as log:
                log.write(json.dumps({"params": params, "templateParam": template_param,
                                      "problem": problem}, ensure_ascii=False) + "\n")
        if problem is not None:
            return self.answer(400, {"Code": problem[0], "Message": problem[1],
                                     "RequestId": "stub"})
        mobile = params["PhoneNumbers"]
        if mobile == "13700000000":
            return self.answer(200, {"Code": "isv.BUSINESS_LIMIT_CONTROL",
                                     "Message": "throttled", "RequestId": "stub"})
        if mobile == "13900000000":
            return self.answer(200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL",
                                     "Message": "invalid number", "RequestId": "stub"})
        return self.answer(200, {"Code": "OK", "Message": "OK", "BizId": "stub-biz",
                                 "RequestId": "stub"})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
