# Generates counting-cross-encoder.onnx, a tiny stand-in for a BERT cross-encoder used by CrossEncoderModelTest:
# it has a cross-encoder's inputs (input_ids, attention_mask, token_type_ids: int64 [batch, sequence]) and output
# (logits: float [batch, 1]), and scores a (query, document) pair by how often the token "apple" (id 6207 in the
# bge-small / bert-base-uncased vocabulary) occurs in the document segment (token type 1).
# Regenerate with: /usr/bin/python3 make_counting_cross_encoder.py   (Debian package python3-onnx)
import onnx
from onnx import TensorProto, helper

APPLE = 6207
nodes = [
    helper.make_node("Constant", [], ["apple"], value=helper.make_tensor("a", TensorProto.INT64, [], [APPLE])),
    helper.make_node("Constant", [], ["one"], value=helper.make_tensor("o", TensorProto.INT64, [], [1])),
    helper.make_node("Constant", [], ["axes"], value=helper.make_tensor("x", TensorProto.INT64, [1], [1])),
    helper.make_node("Equal", ["input_ids", "apple"], ["is_apple"]),
    helper.make_node("Equal", ["token_type_ids", "one"], ["in_document"]),
    helper.make_node("And", ["is_apple", "in_document"], ["hit"]),
    helper.make_node("Cast", ["hit"], ["hit_f"], to=TensorProto.FLOAT),
    helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
    helper.make_node("Mul", ["hit_f", "mask_f"], ["counted"]),
    helper.make_node("ReduceSum", ["counted", "axes"], ["logits"], keepdims=1),
]
ids = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
graph = helper.make_graph(nodes, "counting_cross_encoder", [ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
                          [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="paved-test")
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, "counting-cross-encoder.onnx")
