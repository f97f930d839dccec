class record_function:
  name : str
  args : Optional[str]
  run_callbacks_on_exit : bool
  record : Optional[__torch__.torch.classes.profiler._RecordFunction]
  _cupti_monitor_external_id : NoneType
  def __enter__(self: __torch__.torch.autograd.profiler.record_function) -> __torch__.torch.autograd.profiler.record_function:
    name = self.name
    args = self.args
    _0 = ops.profiler._record_function_enter_new(name, args)
    self.record = _0
    return self
  def __exit__(self: __torch__.torch.autograd.profiler.record_function,
    exc_type: Any,
    exc_value: Any,
    traceback: Any) -> NoneType:
    _1 = "AssertionError: Expected record to be set"
    _2 = uninitialized(__torch__.torch.classes.profiler._RecordFunction)
    run_callbacks_on_exit = self.run_callbacks_on_exit
    _3 = torch.__not__(run_callbacks_on_exit)
    if _3:
      pass
    else:
      record = self.record
      if torch.__is__(record, None):
        ops.prim.RaiseException(_1)
        record0 = _2
      else:
        record1 = unchecked_cast(__torch__.torch.classes.profiler._RecordFunction, record)
        record0 = record1
      ops.profiler._record_function_exit(record0)
    return None
  def __init__(self: __torch__.torch.autograd.profiler.record_function,
    name: str,
    args: Optional[str]=None) -> NoneType:
    self.name = name
    self.args = args
    self.run_callbacks_on_exit = True
    self.record = None
    self._cupti_monitor_external_id = None
    return None
  def _call_end_callbacks_on_future(self: __torch__.torch.autograd.profiler.record_function,
    fut: Future[Any]) -> Future[Any]:
    _4 = "_call_end_callbacks_on_future can only be called once."
    _5 = "AssertionError: Expected record to be set"
    _6 = uninitialized(__torch__.torch.classes.profiler._RecordFunction)
    run_callbacks_on_exit = self.run_callbacks_on_exit
    _7 = torch.__not__(run_callbacks_on_exit)
    if _7:
      ops.prim.RaiseException(_4, "builtins.RuntimeError")
    else:
      pass
    self.run_callbacks_on_exit = False
    record = self.record
    if torch.__is__(record, None):
      ops.prim.RaiseException(_5)
      record2 = _6
    else:
      record3 = unchecked_cast(__torch__.torch.classes.profiler._RecordFunction, record)
      record2 = record3
    profiled_future = ops.profiler._call_end_callbacks_on_jit_fut(record2, fut)
    return profiled_future
