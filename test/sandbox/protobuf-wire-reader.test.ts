// The schema-less protobuf layer: varints, the four wire types, and precise errors for bytes
// that are not protobuf. Also the runtime.Unknown envelope around every Kubernetes body.
import { expect } from 'chai';
import { MalformedProtobufError, WireType, readFields, readVarint } from '../../src/sandbox/protobuf/wire-reader.ts';
import { decodeEnvelope } from '../../src/sandbox/protobuf/envelope.ts';
import { MalformedBodyError, UnsupportedContentError } from '../../src/sandbox/protobuf/decode-errors.ts';
import { k8sEnvelope, key, pbBytes, pbFixed32, pbFixed64, pbInt, pbMessage, pbString, varint } from './fixtures/protobuf/wire-encoder.ts';
import { loadHexFixture } from './fixtures/protobuf/hex-fixtures.ts';

describe('protobuf wire reader', () => {
  it('reads one-byte, multi-byte and 10-byte varints', () => {
    expect(readVarint(Buffer.from([0x01]), 0)).to.deep.equal({ value: 1n, next: 1 });
    expect(readVarint(Buffer.from([0xac, 0x02]), 0)).to.deep.equal({ value: 300n, next: 2 });
    expect(readVarint(Buffer.from([0x00, 0x90, 0x3f]), 1)).to.deep.equal({ value: 8080n, next: 3 });
    const minusOne = varint(-1);
    expect(minusOne).to.have.length(10);
    expect(readVarint(minusOne, 0).value).to.equal(0xffffffffffffffffn);
  });

  it('splits a message into fields of every wire type, in wire order', () => {
    const buf = Buffer.concat([pbInt(1, 150), pbFixed64(2, 0x0102030405060708n), pbString(3, 'héllo'), pbFixed32(4, 7), pbInt(1, 2)]);
    const fields = readFields(buf);
    expect(fields.map((f) => [f.no, f.wireType])).to.deep.equal([[1, 0], [2, 1], [3, 2], [4, 5], [1, 0]]);
    expect(fields[0]?.value).to.equal(150n);
    const fixed64 = fields[1];
    expect(fixed64?.wireType === WireType.Fixed64 && fixed64.value.readBigUInt64LE()).to.equal(0x0102030405060708n);
    const text = fields[2];
    expect(text?.wireType === WireType.LengthDelimited && text.value.toString('utf8')).to.equal('héllo');
    const fixed32 = fields[3];
    expect(fixed32?.wireType === WireType.Fixed32 && fixed32.value.readUInt32LE()).to.equal(7);
  });

  it('reads an empty message as no fields and a zero-length field as empty bytes', () => {
    expect(readFields(Buffer.alloc(0))).to.deep.equal([]);
    const [field] = readFields(pbBytes(5, Buffer.alloc(0)));
    expect(field?.no).to.equal(5);
    expect(field?.value).to.deep.equal(Buffer.alloc(0));
  });

  const bad: [string, Buffer, RegExp][] = [
    ['a truncated varint', Buffer.from([0x08, 0x80]), /truncated varint at byte 1/],
    ['a varint longer than 10 bytes', Buffer.concat([Buffer.from([0x08]), Buffer.alloc(11, 0xff)]), /varint longer than 10 bytes/],
    ['a length past the end', Buffer.from([0x0a, 0x05, 0x61]), /field of 5 bytes runs past the end of the message \(1 left\)/],
    ['a group (wire type 3)', Buffer.concat([key(2, 3), Buffer.from([0x00])]), /unsupported wire type 3 for field 2/],
    ['field number 0', Buffer.from([0x00, 0x01]), /invalid field number 0/],
    ['a truncated fixed32', Buffer.concat([key(1, 5), Buffer.from([1, 2])]), /field of 4 bytes runs past the end/],
  ];
  for (const [what, buf, message] of bad) {
    it(`rejects ${what} with the offset`, () => {
      expect(() => readFields(buf)).to.throw(MalformedProtobufError, message);
    });
  }
});

describe('Kubernetes protobuf envelope', () => {
  it('reads apiVersion, kind and raw from a real kubectl body', () => {
    const envelope = decodeEnvelope(loadHexFixture('namespace'));
    expect(envelope.apiVersion).to.equal('v1');
    expect(envelope.kind).to.equal('Namespace');
    expect(envelope.contentEncoding).to.equal('');
    expect(envelope.contentType).to.equal('');
    expect(readFields(envelope.raw).map((f) => f.no)).to.deep.equal([1, 2, 3]);
  });

  it('rejects a body without the k8s magic bytes', () => {
    expect(() => decodeEnvelope(Buffer.from('{"kind":"Namespace"}'))).to.throw(MalformedBodyError, /does not start with the Kubernetes magic bytes/);
    expect(() => decodeEnvelope(Buffer.from('k8s'))).to.throw(MalformedBodyError, /magic/);
  });

  it('rejects an envelope without kind or apiVersion', () => {
    const noKind = Buffer.concat([Buffer.from('k8s\0', 'binary'), pbMessage(1, pbString(1, 'v1')), pbBytes(2, Buffer.alloc(0))]);
    expect(() => decodeEnvelope(noKind)).to.throw(MalformedBodyError, /does not name the object's apiVersion and kind/);
  });

  it('rejects fields runtime.Unknown does not have, and bad bytes inside it', () => {
    expect(() => decodeEnvelope(k8sEnvelope('v1', 'Namespace', Buffer.alloc(0), [pbString(9, 'x')]))).to.throw(MalformedBodyError, /unexpected field 9 in runtime.Unknown/);
    expect(() => decodeEnvelope(Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from([0x0a, 0x09])]))).to.throw(MalformedBodyError, /runs past the end/);
    expect(() => decodeEnvelope(k8sEnvelope('v1', 'Namespace', Buffer.alloc(0), [pbInt(3, 1)]))).to.throw(MalformedBodyError, /contentEncoding \(field 3\) has wire type 0/);
  });

  it('refuses compressed or non-protobuf payloads as unsupported, not malformed', () => {
    expect(() => decodeEnvelope(k8sEnvelope('v1', 'Namespace', Buffer.alloc(0), [pbString(3, 'gzip')]))).to.throw(UnsupportedContentError, /content encoding "gzip"/);
    expect(() => decodeEnvelope(k8sEnvelope('v1', 'Namespace', Buffer.alloc(0), [pbString(4, 'application/json')]))).to.throw(UnsupportedContentError, /content type "application\/json"/);
  });
});
