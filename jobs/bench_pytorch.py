#!/usr/bin/python3
"""PyTorch reference timings for `restyle bench`: the same VGG19 loss loop, one closure call per iteration.

Prints `RESULT <optimizer>@<size> ms_per_iteration <median>` lines that the Java bench parses.
With --serve it builds the layers once and answers `measure <lbfgs|adam> <size> <iterations>` lines on
stdin, so that the Java bench can alternate DJL and PyTorch measurements in the same minutes (the shared
machine drifts too much for two separate runs to be compared); `quit` or end of input stops it.
"""
import argparse
import statistics
import sys
import time

import torch
import torchvision

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
STYLE = [1, 6, 11, 20, 29]  # relu1_1 .. relu5_1 in torchvision's features
CONTENT = 22  # relu4_2


def taps(layers, x):
    out, h = {}, (x - MEAN) / STD
    for index, layer in enumerate(layers):
        h = layer(h)
        if index in STYLE or index == CONTENT:
            out[index] = h
    return out


def gram(f):
    _, c, h, w = f.shape
    flat = f.reshape(c, h * w)
    return flat @ flat.t() / (c * h * w)


def synthetic(size):
    ys, xs = torch.meshgrid(torch.arange(size).float(), torch.arange(size).float(), indexing="ij")
    content = torch.stack([xs / size, ys / size, torch.full_like(xs, 0.5)]).unsqueeze(0)
    stripe = 0.5 + 0.5 * torch.sin(0.3 * xs + 0.15 * ys)
    style = torch.stack([stripe, 1 - stripe, (xs * ys % 256) / 255]).unsqueeze(0)
    return content, style


def measure(layers, size, optimizer_name, iterations):
    content, style = synthetic(size)
    with torch.no_grad():
        content_target = taps(layers, content)[CONTENT]
        style_targets = {i: gram(f) for i, f in taps(layers, style).items() if i in STYLE}
    x = content.clone().requires_grad_(True)
    times, last = [], [time.perf_counter()]

    def closure():
        optimizer.zero_grad()
        feats = taps(layers, x)
        loss = torch.mean((feats[CONTENT] - content_target) ** 2)
        loss = loss + 1e6 * sum(torch.mean((gram(feats[i]) - style_targets[i]) ** 2) for i in STYLE)
        loss.backward()
        now = time.perf_counter()
        times.append(now - last[0])
        last[0] = now
        return loss

    if optimizer_name == "lbfgs":
        optimizer = torch.optim.LBFGS([x], lr=1, history_size=100, max_iter=iterations + 1,
                                      tolerance_grad=-1, tolerance_change=-1)
        optimizer.step(closure)
    else:
        optimizer = torch.optim.Adam([x], lr=0.02)
        for _ in range(iterations + 1):
            optimizer.step(closure)
    return statistics.median(times[1:]) * 1000


def result_line(optimizer_name, size, ms):
    return f"RESULT {optimizer_name}@{size} ms_per_iteration {ms:.3f}"


def build_layers(threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layers = list(torchvision.models.vgg19().features[:30].eval())
    for p in (p for layer in layers for p in layer.parameters()):
        p.requires_grad_(False)
    return layers


def answer(layers, line):
    """The reply to one request line, or None for quit."""
    words = line.split()
    if words == ["quit"]:
        return None
    if len(words) != 4 or words[0] != "measure":
        return f"ERROR unknown command {line.strip()!r}; expected: measure <lbfgs|adam> <size> <iterations>, quit"
    _, name, size, iterations = words
    if name not in ("lbfgs", "adam"):
        return f"ERROR unknown optimizer {name!r} in {line.strip()!r}; expected lbfgs or adam"
    try:
        size, iterations = int(size), int(iterations)
        if size < 1 or iterations < 1:
            raise ValueError("size and iterations must be positive")
        return result_line(name, size, measure(layers, size, name, iterations))
    except Exception as e:  # a bad request must not end the worker: the bench keeps asking
        return f"ERROR {type(e).__name__}: {e} in {line.strip()!r}"


def serve(layers):
    print(f"READY torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        reply = answer(layers, line)
        if reply is None:
            return
        print(reply, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="64,128,256,512")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--serve", action="store_true", help="answer measure requests on stdin (see above)")
    args = parser.parse_args()
    layers = build_layers(args.threads)
    if args.serve:
        serve(layers)
        return
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    for name in ("lbfgs", "adam"):
        for size in (int(s) for s in args.sizes.split(",")):
            measure(layers, size, name, 2)  # warm-up
            print(result_line(name, size, measure(layers, size, name, args.iterations)))


if __name__ == "__main__":
    main()
