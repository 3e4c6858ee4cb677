#!/usr/bin/env python3
"""Writes src/main/resources/dev/restyle/model/bf16_casts.pt, the TorchScript module behind
dev.restyle.model.Bf16Casts.

Why a TorchScript file: DJL 0.35.1's PyTorch engine cannot make a bfloat16 tensor itself (its native
dtype table, GetScalarTypeFromDType in djl_pytorch_utils.h, stops at complex64, so NDArray.toType(BFLOAT16)
aborts the JVM), and its toType runs under a NoGradGuard, so a cast would cut the autograd graph. A scripted
`x.to(dtype)` run through the module runner with autograd on is both: a bf16 tensor and a differentiable cast.

Run with Debian's python3-torch (1.13): /usr/bin/python3 src/main/torchscript/make_bf16_casts.py
libtorch 2.7.1 loads the file (TorchScript archives stay loadable by later versions).
"""
import pathlib

import torch


class Bf16Casts(torch.nn.Module):
    """float32 in, bfloat16 out; anything else in, float32 out. One method, so DJL's forward runs it."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.float32:
            return x.to(torch.bfloat16)
        return x.to(torch.float32)


if __name__ == "__main__":
    out = pathlib.Path(__file__).resolve().parents[1] / "resources/dev/restyle/model/bf16_casts.pt"
    torch.jit.script(Bf16Casts()).save(str(out))
    print(out, out.stat().st_size, "bytes")
