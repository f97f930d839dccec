from transformers import AutoModel
m = AutoModel.from_pretrained("a/b", revision="main", trust_remote_code=True)
