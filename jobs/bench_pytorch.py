#!/usr/bin/python3
"""PyTorch reference timings for `restyle bench`: the same VGG19 loss loop, one closure call per iteration.

Prints `RESULT <optimizer>@<size> ms_per_iteration <median>` lines that the Java bench parses.
"""
import argparse
import statistics
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="64,128,256,512")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    layers = list(torchvision.models.vgg19().features[:30].eval())
    for p in (p for layer in layers for p in layer.parameters()):
        p.requires_grad_(False)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    for name in ("lbfgs", "adam"):
        for size in (int(s) for s in args.sizes.split(",")):
            measure(layers, size, name, 2)  # warm-up
            print(f"RESULT {name}@{size} ms_per_iteration {measure(layers, size, name, args.iterations):.3f}")


if __name__ == "__main__":
    main()
