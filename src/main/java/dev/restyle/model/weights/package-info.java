/**
 * State-dict readers behind one small interface: the torchvision legacy pickle stream, the
 * {@code torch.save} zip, and safetensors, with keys and shapes checked. Part of {@code model}.
 */
package dev.restyle.model.weights;
