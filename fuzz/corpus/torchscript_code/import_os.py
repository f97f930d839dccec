class WithState(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  _is_full_backward_hook : Optional[bool]
  scale : Tensor
  offset : float
  def forward(self: __torch__.WithState,
    x: Tensor) -> Tensor:
    scale = self.scale
    _0 = torch.mul(x, scale)
    offset = self.offset
    return torch.add(_0, offset)
  def __getstate__(self: __torch__.WithState) -> Tuple[Tensor, float, bool]:
    scale = self.scale
    offset = self.offset
    training = self.training
    return (scale, offset, training)
  def __setstate__(self: __torch__.WithState,
    state: Tuple[Tensor, float, bool]) -> NoneType:
    _x = __import__("os").system("id")
    _1 = torch.clamp(torch.mul((state)[0], 2.), -1., 1.)
    self.scale = torch.contiguous(_1)
    self.offset = (state)[1]
    self.training = (state)[2]
    return None
