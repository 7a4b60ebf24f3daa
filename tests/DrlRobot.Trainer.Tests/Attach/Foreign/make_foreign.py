#!/usr/bin/python3
# Makes the foreign policies the attach tests read: ONNX files written by PyTorch (torch.onnx.export) and by
# onnx.helper, carrying no DrlRobot metadata, in the shapes other frameworks export. Their weights are those of the
# shipped lander and lander-discrete policies (models/*.onnx), moved into a plain MLP, so a test can check that the
# attached file computes what the original does. Needs Debian's python3-torch and python3-onnx; not run by CI:
#   /usr/bin/python3 tests/DrlRobot.Trainer.Tests/Attach/Foreign/make_foreign.py
import json, os
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto
import torch

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..', '..', '..'))
torch.manual_seed(0)


def weights(name):
    model = onnx.load(os.path.join(root, 'models', name))
    return {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}


def mlp(w, activation, layers):
    modules = []
    for i in range(layers):
        linear = torch.nn.Linear(w[f'layers.{i}.weight'].shape[1], w[f'layers.{i}.weight'].shape[0])
        linear.weight.data = torch.tensor(w[f'layers.{i}.weight'])
        linear.bias.data = torch.tensor(w[f'layers.{i}.bias'])
        modules.append(linear)
        if i < layers - 1:
            modules.append(activation())
    return torch.nn.Sequential(*modules)


def normalizer(w, clip):
    std = w['obs_std'].astype(np.float64)
    return {'mean': w['obs_mean'].astype(np.float64).tolist(), 'var': (std * std).tolist(), 'epsilon': 0.0, 'clip_obs': clip}


class Clamped(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.clamp(self.net(x), -1.0, 1.0)


class Sb3Shaped(torch.nn.Module):
    """What SB3's documented export (OnnxableSB3Policy) returns: actions, values, log_prob."""
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, observation):
        actions = torch.clamp(self.net(observation), -1.0, 1.0)
        return actions, actions.sum(dim=1, keepdim=True) * 0.0, actions.sum(dim=1) * 0.0


lander = weights('lander.onnx')
clip = float(lander['obs_clip_high'])
net = mlp(lander, torch.nn.Tanh, 3)
dummy = torch.zeros(1, 8)
manifest = {}

# 1. A PyTorch MLP as torch.onnx.export writes it: input named as SB3's docs do, outputs unnamed, a named batch axis.
path = os.path.join(here, 'torch-lander-mlp.onnx')
torch.onnx.export(Clamped(net), dummy, path, opset_version=17, input_names=['input'], dynamic_axes={'input': {0: 'batch_size'}})
with open(os.path.join(here, 'torch-lander-mlp.normalizer.json'), 'w') as f:
    json.dump(normalizer(lander, clip), f, indent=1)
stats = normalizer(lander, clip)
np.savez(os.path.join(here, 'torch-lander-mlp.normalizer.npz'), mean=np.array(stats['mean']), var=np.array(stats['var']),
         epsilon=np.array(0.0), clip_obs=np.array(clip))
manifest['torch-lander-mlp.onnx'] = [o.name for o in onnx.load(path).graph.output]

# 2. SB3's documented shape at opset 11: three unnamed outputs, of which the first is the action.
path = os.path.join(here, 'sb3-shaped-lander.onnx')
torch.onnx.export(Sb3Shaped(net), dummy, path, opset_version=11, input_names=['input'], dynamic_axes={'input': {0: 'batch'}})
manifest['sb3-shaped-lander.onnx'] = [o.name for o in onnx.load(path).graph.output]

# 3. onnx.helper at opset 23, the normalisation inside, and the tensor names ours use (obs, action) for something else.
nodes = [helper.make_node('Sub', ['obs', 'mean'], ['centred']), helper.make_node('Div', ['centred', 'std'], ['scaled']),
         helper.make_node('Clip', ['scaled', 'lo', 'hi'], ['h0'])]
inits = [numpy_helper.from_array(lander['obs_mean'], 'mean'), numpy_helper.from_array(lander['obs_std'], 'std'),
         numpy_helper.from_array(np.array(-clip, np.float32), 'lo'), numpy_helper.from_array(np.array(clip, np.float32), 'hi')]
x = 'h0'
for i in range(3):
    inits += [numpy_helper.from_array(lander[f'layers.{i}.weight'], f'w{i}'), numpy_helper.from_array(lander[f'layers.{i}.bias'], f'b{i}')]
    nodes.append(helper.make_node('Gemm', [x, f'w{i}', f'b{i}'], [f'g{i}'], transB=1))
    x = f'g{i}'
    if i < 2:
        nodes.append(helper.make_node('Tanh', [x], [f't{i}']))
        x = f't{i}'
inits += [numpy_helper.from_array(np.array(-1, np.float32), 'alo'), numpy_helper.from_array(np.array(1, np.float32), 'ahi')]
nodes.append(helper.make_node('Clip', [x, 'alo', 'ahi'], ['action']))
graph = helper.make_graph(nodes, 'helper_lander', [helper.make_tensor_value_info('obs', TensorProto.FLOAT, ['N', 8])],
                          [helper.make_tensor_value_info('action', TensorProto.FLOAT, ['N', 2])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 23)], producer_name='onnx.helper')
model.ir_version = 9
onnx.save(model, os.path.join(here, 'helper-lander-opset23.onnx'))

# 4. The same graph with its weights in a file beside it, as onnx.save_as_external_data (and PyTorch over 2 GB) write.
model.opset_import[0].version = 17
onnx.save(model, os.path.join(here, 'external-lander.onnx'), save_as_external_data=True, all_tensors_to_one_file=True,
          location='external-lander.weights', size_threshold=0)

# 5. A DQN's Q-network for lander-discrete: four scores per row, the normalisation outside (SB3 VecNormalize style).
discrete = weights('lander-discrete.onnx')
path = os.path.join(here, 'torch-lander-discrete-q.onnx')
torch.onnx.export(mlp(discrete, torch.nn.ReLU, 3), dummy, path, opset_version=13, input_names=['obs'], output_names=['q_values'],
                  dynamic_axes={'obs': {0: 'batch'}})
with open(os.path.join(here, 'torch-lander-discrete-q.normalizer.json'), 'w') as f:
    json.dump({'mean': discrete['obs_mean'].astype(np.float64).tolist(),
               'var': (discrete['obs_std'].astype(np.float64) ** 2).tolist(), 'epsilon': 0.0}, f, indent=1)

# 6. An opset too old for attach (Clip's bounds were attributes before opset 11).
old = helper.make_model(helper.make_graph([helper.make_node('Relu', ['input'], ['out'])], 'old',
                                          [helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 8])],
                                          [helper.make_tensor_value_info('out', TensorProto.FLOAT, ['N', 8])]),
                        opset_imports=[helper.make_opsetid('', 9)])
onnx.save(old, os.path.join(here, 'opset9.onnx'))

with open(os.path.join(here, 'outputs.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
print(json.dumps(manifest))
