/**
 * Decoding the ONNX messages neurite reads (field numbers in proto.ts), checking every
 * length and wire type: truncated or malformed bytes are a DataError, never a crash.
 */
import { DataError } from '../errors.js';
import { ProtoReader, Wire } from './protobuf.js';
import { type Attribute, type Dim, type GraphData, type ModelData, type NodeData, type OperatorSetId, type TensorData, type ValueInfo } from './proto.js';

function decodeTensor(r: ProtoReader): TensorData {
  const t: TensorData = { name: '', dims: [], dataType: 0 };
  const floats: number[] = [];
  let hasFloats = false;
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.repeatedVarint(t.dims, 'dims');
        break;
      case 2:
        r.expect(Wire.Varint, 'data_type');
        t.dataType = r.varint();
        break;
      case 4:
        hasFloats = true;
        r.repeatedFloat(floats, 'float_data');
        break;
      case 5:
        r.repeatedVarint((t.int32Data ??= []), 'int32_data');
        break;
      case 7:
        r.repeatedVarint((t.int64Data ??= []), 'int64_data');
        break;
      case 8:
        r.expect(Wire.Len, 'name');
        t.name = r.string();
        break;
      case 9:
        r.expect(Wire.Len, 'raw_data');
        t.rawData = r.bytesField();
        break;
      case 10:
        r.repeatedDouble((t.doubleData ??= []), 'double_data');
        break;
      case 13:
        t.external = true;
        r.skip();
        break;
      case 14:
        r.expect(Wire.Varint, 'data_location');
        if (r.varint() === 1) t.external = true;
        break;
      default:
        r.skip();
    }
  }
  if (hasFloats) t.floatData = floats;
  return t;
}

function decodeAttribute(r: ProtoReader): Attribute {
  const a: Attribute = { name: '' };
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.expect(Wire.Len, 'name');
        a.name = r.string();
        break;
      case 2:
        r.expect(Wire.I32, 'f');
        a.f = r.float32();
        break;
      case 3:
        r.expect(Wire.Varint, 'i');
        a.i = r.varint();
        break;
      case 4:
        r.expect(Wire.Len, 's');
        a.s = r.bytesField();
        break;
      case 5:
        r.expect(Wire.Len, 't');
        a.t = decodeTensor(r.message(`${r.path}.t`));
        break;
      case 6:
      case 11:
        a.hasGraph = true;
        r.skip();
        break;
      case 7:
        r.repeatedFloat((a.floats ??= []), 'floats');
        break;
      case 8:
        r.repeatedVarint((a.ints ??= []), 'ints');
        break;
      case 20:
        r.expect(Wire.Varint, 'type');
        a.type = r.varint();
        break;
      default:
        r.skip();
    }
  }
  return a;
}

function decodeNode(r: ProtoReader): NodeData {
  const n: NodeData = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [] };
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.expect(Wire.Len, 'input');
        n.inputs.push(r.string());
        break;
      case 2:
        r.expect(Wire.Len, 'output');
        n.outputs.push(r.string());
        break;
      case 3:
        r.expect(Wire.Len, 'name');
        n.name = r.string();
        break;
      case 4:
        r.expect(Wire.Len, 'op_type');
        n.opType = r.string();
        break;
      case 5:
        r.expect(Wire.Len, 'attribute');
        n.attributes.push(decodeAttribute(r.message(`${r.path}.attribute[${n.attributes.length}]`)));
        break;
      case 7:
        r.expect(Wire.Len, 'domain');
        n.domain = r.string();
        break;
      default:
        r.skip();
    }
  }
  return n;
}

function decodeDim(r: ProtoReader): Dim {
  const d: Dim = {};
  while (r.next()) {
    if (r.field === 1) {
      r.expect(Wire.Varint, 'dim_value');
      d.value = r.varint();
    } else if (r.field === 2) {
      r.expect(Wire.Len, 'dim_param');
      d.param = r.string();
    } else r.skip();
  }
  return d;
}

function decodeTensorType(r: ProtoReader): { elemType: number; shape?: Dim[] } {
  const t: { elemType: number; shape?: Dim[] } = { elemType: 0 };
  while (r.next()) {
    if (r.field === 1) {
      r.expect(Wire.Varint, 'elem_type');
      t.elemType = r.varint();
    } else if (r.field === 2) {
      r.expect(Wire.Len, 'shape');
      const shape: Dim[] = (t.shape = []);
      const s = r.message(`${r.path}.shape`);
      while (s.next()) {
        if (s.field === 1) {
          s.expect(Wire.Len, 'dim');
          shape.push(decodeDim(s.message(`${s.path}.dim[${shape.length}]`)));
        } else s.skip();
      }
    } else r.skip();
  }
  return t;
}

function decodeValueInfo(r: ProtoReader): ValueInfo {
  const v: ValueInfo = { name: '' };
  while (r.next()) {
    if (r.field === 1) {
      r.expect(Wire.Len, 'name');
      v.name = r.string();
    } else if (r.field === 2) {
      r.expect(Wire.Len, 'type');
      const type = r.message(`${r.path}.type`);
      while (type.next()) {
        if (type.field === 1) {
          type.expect(Wire.Len, 'tensor_type');
          v.tensor = decodeTensorType(type.message(`${type.path}.tensor_type`));
        } else if (type.field === 6) {
          type.skip(); // denotation
        } else {
          v.nonTensor = true;
          type.skip();
        }
      }
    } else r.skip();
  }
  return v;
}

function decodeGraph(r: ProtoReader): GraphData {
  const g: GraphData = { name: '', nodes: [], initializers: [], inputs: [], outputs: [] };
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.expect(Wire.Len, 'node');
        g.nodes.push(decodeNode(r.message(`${r.path}.node[${g.nodes.length}]`)));
        break;
      case 2:
        r.expect(Wire.Len, 'name');
        g.name = r.string();
        break;
      case 5:
        r.expect(Wire.Len, 'initializer');
        g.initializers.push(decodeTensor(r.message(`${r.path}.initializer[${g.initializers.length}]`)));
        break;
      case 11:
        r.expect(Wire.Len, 'input');
        g.inputs.push(decodeValueInfo(r.message(`${r.path}.input[${g.inputs.length}]`)));
        break;
      case 12:
        r.expect(Wire.Len, 'output');
        g.outputs.push(decodeValueInfo(r.message(`${r.path}.output[${g.outputs.length}]`)));
        break;
      default:
        r.skip();
    }
  }
  return g;
}

/**
 * Decodes a serialized ModelProto.
 * @throws DataError on truncated or malformed bytes, naming the message and offset.
 */
export function decodeModel(bytes: Uint8Array): ModelData {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`fromOnnx: expected the model as a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  }
  if (bytes.length === 0) throw new DataError('fromOnnx: expected ONNX model bytes, got an empty array');
  const m: ModelData = { irVersion: 0, opsetImport: [] };
  const r = new ProtoReader(bytes, 'ModelProto');
  while (r.next()) {
    switch (r.field) {
      case 1:
        r.expect(Wire.Varint, 'ir_version');
        m.irVersion = r.varint();
        break;
      case 2:
        r.expect(Wire.Len, 'producer_name');
        m.producerName = r.string();
        break;
      case 3:
        r.expect(Wire.Len, 'producer_version');
        m.producerVersion = r.string();
        break;
      case 7:
        r.expect(Wire.Len, 'graph');
        m.graph = decodeGraph(r.message('ModelProto.graph'));
        break;
      case 8: {
        r.expect(Wire.Len, 'opset_import');
        const o = r.message(`ModelProto.opset_import[${m.opsetImport.length}]`);
        const id: OperatorSetId = { domain: '', version: 0 };
        while (o.next()) {
          if (o.field === 1) {
            o.expect(Wire.Len, 'domain');
            id.domain = o.string();
          } else if (o.field === 2) {
            o.expect(Wire.Varint, 'version');
            id.version = o.varint();
          } else o.skip();
        }
        m.opsetImport.push(id);
        break;
      }
      default:
        r.skip();
    }
  }
  return m;
}
