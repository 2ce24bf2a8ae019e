"""Signs the same SSM GetParameter requests as sigv4-bench, with botocore's SigV4Auth.

Run by sigv4-bench (python3 botocore_sign.py N); prints one JSON line with the count, the
seconds spent signing (interpreter start-up and imports excluded) and the first request's
Authorization header, so the Swift side can check both signers agree.
"""
import datetime
import json
import sys
import time

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# The same fixed clock as the Swift side: 2015-08-30T12:36:00Z.
FIXED = datetime.datetime(2015, 8, 30, 12, 36, 0)
botocore.auth.get_current_datetime = lambda: FIXED

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
signer = SigV4Auth(credentials, "ssm", "eu-west-2")
url = "https://ssm.eu-west-2.amazonaws.com/"
bodies = [
    json.dumps({"Name": f"/obc/bench/param-{i}", "WithDecryption": True}, separators=(",", ":")).encode()
    for i in range(count)
]

first = None
start = time.perf_counter()
for body in bodies:
    request = AWSRequest(
        method="POST",
        url=url,
        data=body,
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.GetParameter"},
    )
    signer.add_auth(request)
    if first is None:
        first = request.headers["Authorization"]
elapsed = time.perf_counter() - start
print(json.dumps({"count": count, "seconds": elapsed, "first_authorization": first}))
