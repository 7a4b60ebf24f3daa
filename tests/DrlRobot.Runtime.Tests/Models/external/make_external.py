# Makes tiny-lander-external.onnx: tiny-lander.onnx (same graph, metadata and weights) with every initializer of
# 64 bytes or more moved to tiny-lander-external.onnx.data beside it, as onnx.save(..., save_as_external_data=True)
# and PyTorch (for models over 2 GB) write. Run with Debian's python3-onnx: /usr/bin/python3 make_external.py
import os
import onnx
from onnx import numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
model = onnx.load(os.path.join(here, "..", "tiny-lander.onnx"))
# onnx moves only raw_data to external files; our exporter writes float_data, so the weights are re-encoded first.
for tensor in model.graph.initializer:
    tensor.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(tensor), tensor.name))
onnx.save_model(model, os.path.join(here, "tiny-lander-external.onnx"), save_as_external_data=True,
                all_tensors_to_one_file=True, location="tiny-lander-external.onnx.data", size_threshold=64)
