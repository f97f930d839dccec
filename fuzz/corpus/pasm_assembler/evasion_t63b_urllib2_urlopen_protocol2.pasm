#! technique 63 Python 2 urllib2.urlopen (mapped to urllib.request.urlopen): SSRF
#! expect PICKLE-GLOBAL-IMPORT urlopen
# picklescan GHSA-m7j5-r2p5-c39r family; protocol 2 maps urllib2 to
# urllib.request.
PROTO 2
GLOBAL "urllib2" "urlopen"
BINUNICODE "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
TUPLE1
REDUCE
STOP
