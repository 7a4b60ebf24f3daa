#!/usr/bin/env python3
# Writes link_vectors.txt from a second, independent implementation of the link protocol (plain Python, no imports
# beyond the standard library), so neither the C# nor the C++ codec grades its own homework. Not needed by CI.
import struct
def crc16(data):
    crc=0xFFFF
    for b in data:
        crc^=b<<8
        for _ in range(8):
            crc=((crc<<1)^0x1021)&0xFFFF if crc&0x8000 else (crc<<1)&0xFFFF
    return crc
def cobs(data):
    out=bytearray(); block=bytearray()
    for b in data:
        if b==0:
            out.append(len(block)+1); out+=block; block=bytearray()
        else:
            block.append(b)
            if len(block)==254:
                out.append(255); out+=block; block=bytearray()
    out.append(len(block)+1); out+=block
    return bytes(out)
def fnv(acts,obs):
    text=''.join(a+'\n' for a in acts)+'\n'+''.join(o+'\n' for o in obs)
    h=0x811C9DC5
    for b in text.encode():
        h=((h^b)*0x01000193)&0xFFFFFFFF
    return h
def frame(ver,typ,seq,payload,crcfix=None):
    body=bytes([ver,typ])+struct.pack('<H',seq)+payload
    c=crc16(body) if crcfix is None else crcfix
    body+=struct.pack('<H',c)
    return cobs(body)+b'\x00'
def hx(b): return b.hex().upper() if b else '-'
L=[]
L.append('# Shared test vectors of the DrlRobot serial link, protocol version 1 (see hardware/PROTOCOL.md).')
L.append('# Read by the C# tests (tests/DrlRobot.Hardware.Tests/Link) and the firmware host test (hardware/firmware/test).')
L.append('# Hex is upper case without spaces; "-" is an empty byte string. Lines starting with # are comments.')
L.append('#   crc    <data> <crc16-ccitt-false>')
L.append('#   cobs   <raw> <encoded, without the 0x00 delimiter>')
L.append('#   hash   <fnv1a32> <actuator names, comma-separated> <observation names, comma-separated>')
L.append('#   fixed  <value> <low> <neutral> <high> <int16 on the wire>          (host side only: firmware works in pulses)')
L.append('#   frame  <name> <version> <type> <sequence> <payload> <wire bytes including the 0x00 delimiter>')
L.append('#   reject <name> <reason> <wire bytes including the 0x00 delimiter>')
for d in [b'123456789', b'', bytes([0]), bytes(range(1,17))]:
    L.append(f'crc {hx(d)} {crc16(d):04X}')
for d in [b'', bytes([0]), bytes([0,0]), bytes([0x11,0x22,0,0x33]), bytes([0x11,0x22,0x33,0x44]), bytes([0x11,0,0,0]),
          bytes(range(1,255)), bytes(range(0,255)), bytes(range(1,256))]:
    L.append(f'cobs {hx(d)} {hx(cobs(d))}')
for acts,obs in [(['main','left','right'],['x','y','vx','vy','angle','angular_velocity','left_contact','right_contact']),
                 (['main','lateral'],['x','y','vx','vy','angle','angular_velocity','left_leg_contact','right_leg_contact']),
                 (['left','right'],['pitch','pitch_rate','wheel_velocity']),(['a'],['b']),(['a','b'],[])]:
    L.append(f'hash {fnv(acts,obs):08X} {",".join(acts)} {",".join(obs) if obs else "-"}')
def tofixed(v,lo,ne,hi):
    import math
    if v>=ne: f=(v-ne)/(hi-ne) if hi>ne else 0
    else: f=(v-ne)/(ne-lo) if ne>lo else 0
    f=max(-1,min(1,f)); x=f*32767
    return int(math.floor(abs(x)+0.5))*(1 if x>=0 else -1)
for v,lo,ne,hi in [(0,-1,0,1),(1,-1,0,1),(-1,-1,0,1),(0.5,-1,0,1),(-0.25,-1,0,1),(0,0,0,1),(0.5,0,0,1),(-0.5,0,0,1),
                   (2,-1,0,1),(1750,1000,1500,2000),(0.25,-1,-0.5,1),(-0.75,-1,-0.5,1)]:
    L.append(f'fixed {v} {lo} {ne} {hi} {tofixed(v,lo,ne,hi)}')
frames=[]
frames.append(('hello',1,0,b''))
cap=struct.pack('<BBBIHB',1,3,8,fnv(['main','left','right'],['x','y','vx','vy','angle','angular_velocity','left_contact','right_contact']),250,5)
frames.append(('capabilities_lander',2,0,cap))
frames.append(('command_neutral_arm',3,1,bytes([1,3])+struct.pack('<hhh',0,0,0)))
frames.append(('command_values',3,0x1234,bytes([1,3])+struct.pack('<hhh',16384,-32767,32767)))
frames.append(('command_kill',3,0xFFFF,bytes([2,2])+struct.pack('<hh',0,100)))
tel=struct.pack('<HIBHB',0x1234,123456789,0x01,0,4)+struct.pack('<ffff',1.5,-2.25,0.0,1e6)
frames.append(('telemetry_armed',4,7,tel))
tel2=struct.pack('<HIBHB',0x0001,0xFFFFFFF0,0x06,3,0)
frames.append(('telemetry_tripped_empty',4,0x0100,tel2))
frames.append(('heartbeat_device',5,42,struct.pack('<IB',250000,0x06)))
frames.append(('heartbeat_host',5,0,struct.pack('<IB',0,0)))
for name,t,s,p in frames:
    tn={1:'hello',2:'capabilities',3:'command',4:'telemetry',5:'heartbeat'}[t]
    L.append(f'frame {name} 1 {tn} {s} {hx(p)} {hx(frame(1,t,s,p))}')
good=frame(1,3,1,bytes([1,3])+struct.pack('<hhh',0,0,0))
L.append(f'reject bad_crc crc {hx(frame(1,3,1,bytes([1,3])+struct.pack("<hhh",0,0,0),crcfix=crc16(bytes([1,3,1,0,1,3,0,0,0,0,0,0]))^0x0001))}')
L.append(f'reject other_version_command version {hx(frame(2,3,1,bytes([1,3])+struct.pack("<hhh",0,0,0)))}')
L.append(f'reject unknown_type unknown_type {hx(frame(1,9,1,b""))}')
L.append(f'reject count_mismatch length {hx(frame(1,3,1,bytes([1,3])+struct.pack("<hh",0,0)))}')
L.append(f'reject hello_with_payload length {hx(frame(1,1,0,bytes([1])))}')
L.append(f'reject cobs_code_past_end cobs 05112200')
Z=b'\x00'
L.append(f'reject too_short size {hx(cobs(bytes([1,5,0]))+Z)}')
L.append(f'reject too_long size {hx(bytes([0x55])*300+Z)}')
L.append('# the version-independent capabilities of a device that speaks protocol 2: delivered, so the host can say so')
L.append(f'frame capabilities_v2 2 capabilities 0 {hx(struct.pack("<BBBIHB",2,3,8,0x12345678,250,5))} {hx(frame(2,2,0,struct.pack("<BBBIHB",2,3,8,0x12345678,250,5)))}')
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'link_vectors.txt'),'w').write('\n'.join(L)+'\n')
