def f(:
  from pickle import *
  loads(
