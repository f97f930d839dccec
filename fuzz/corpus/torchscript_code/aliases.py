import os as o
from subprocess import run as r
def f(self, x, open: int):
  a = b = torch
  c = getattr(a, "save")
  c(x, "p")
  n = getattr(ops, "myext")
  o.system(r)
  z = y
  y = z
  return (n).run(x) + open
