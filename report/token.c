/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "token.h"

#include <dlfcn.h>
#include <errno.h>
#include <libp11.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/i18n.h"

struct token {
	PKCS11_CTX *ctx;
	PKCS11_SLOT *slots;
	unsigned int nslots;
	bool loaded;
};

static void token_release(void *owner)
{
	struct token *t = owner;
	if (!t)
		return;
	if (t->slots)
		PKCS11_release_all_slots(t->ctx, t->slots, t->nslots);
	if (t->loaded)
		PKCS11_CTX_unload(t->ctx);
	if (t->ctx)
		PKCS11_CTX_free(t->ctx);
	free(t);
}

static bool field_matches(const char *want, const char *have)
{
	return !*want || (have && strcmp(want, have) == 0);
}

static bool token_matches(const struct ms_p11uri *u, const PKCS11_TOKEN *t)
{
	return t && t->initialized && field_matches(u->token, t->label) &&
	       field_matches(u->manufacturer, t->manufacturer) && field_matches(u->serial, t->serialnr) &&
	       field_matches(u->model, t->model);
}

static bool key_matches(const struct ms_p11uri *u, const PKCS11_KEY *k)
{
	return field_matches(u->object, k->label) &&
	       (!u->has_id || (k->id_len == u->id_len && memcmp(k->id, u->id, u->id_len) == 0));
}

/* "'a', 'b'" for messages. */
static void list_tokens(const struct token *t, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (unsigned int i = 0; i < t->nslots && o < len; i++)
		if (t->slots[i].token && t->slots[i].token->initialized)
			o += (size_t)snprintf(out + o, len - o, "%s'%s'", o ? ", " : "", t->slots[i].token->label);
	if (!o)
		snprintf(out, len, "none");
}

static void list_keys(PKCS11_KEY *keys, unsigned int n, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (unsigned int i = 0; i < n && o < len; i++) {
		o += (size_t)snprintf(out + o, len - o, "%sobject=%s id=", o ? ", " : "", keys[i].label ? keys[i].label : "");
		for (size_t j = 0; j < keys[i].id_len && o < len; j++)
			o += (size_t)snprintf(out + o, len - o, "%%%02x", keys[i].id[j]);
	}
	if (!o)
		snprintf(out, len, "none");
}

/* Sign a few bytes on the token and verify them with the certificate's public key: the
 * only check that works for every token (the private key cannot be compared directly). */
static bool key_fits_cert(EVP_PKEY *key, X509 *cert)
{
	static const unsigned char probe[] = "massho: does this key belong to this certificate?";
	unsigned char sig[1024];
	size_t siglen = sizeof sig;
	bool ok = false;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	if (m && EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, key) == 1 &&
	    EVP_DigestSign(m, sig, &siglen, probe, sizeof probe) == 1) {
		EVP_MD_CTX_reset(m);
		ok = EVP_DigestVerifyInit(m, NULL, EVP_sha256(), NULL, X509_get0_pubkey(cert)) == 1 &&
		     EVP_DigestVerify(m, sig, siglen, probe, sizeof probe) == 1;
	}
	EVP_MD_CTX_free(m);
	ERR_clear_error();
	return ok;
}

/* The first certificate of a PEM file, the rest as the chain. */
static int read_certs(const char *path, X509 **cert, STACK_OF(X509) **chain, char *why, size_t len)
{
	BIO *b = BIO_new_file(path, "r");
	if (!b) {
		snprintf(why, len, N_("%s: cannot read the certificate file"), path);
		return -ENOENT;
	}
	*cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	X509 *x;
	while (*cert && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
		if (!*chain && !(*chain = sk_X509_new_null()))
			X509_free(x);
		else
			sk_X509_push(*chain, x);
	BIO_free(b);
	ERR_clear_error();
	if (!*cert) {
		snprintf(why, len, N_("%s: no PEM certificate in it"), path);
		return -EINVAL;
	}
	return 0;
}

/* Load the module into t and find the one slot whose token the URI names. Returns 0 or
 * -errno with why. */
static int open_slot(struct token *t, const struct ms_p11uri *u, const char *mod, PKCS11_SLOT **out, char *why,
		     size_t len)
{
	char list[512];
	/* Try the module first ourselves: libp11 prints the loader's error on stderr, and the
	 * operator should get one line that says what to do. */
	void *dl = dlopen(mod, RTLD_NOW | RTLD_LOCAL);
	bool is_module = dl && dlsym(dl, "C_GetFunctionList");
	if (!is_module) {
		const char *e = dl ? N_("it has no C_GetFunctionList") : dlerror();
		snprintf(why, len, N_("%s: cannot load this PKCS#11 module (%s); give --pkcs11-module, or module-path in the URI"),
			 mod, e ? e : "?");
		if (dl)
			dlclose(dl);
		return -ENOENT;
	}
	dlclose(dl);
	if (PKCS11_CTX_load(t->ctx, mod) != 0) {
		snprintf(why, len, N_("%s: cannot load this PKCS#11 module (give --pkcs11-module, or module-path in the URI)"), mod);
		return -ENOENT;
	}
	t->loaded = true;
	if (PKCS11_enumerate_slots(t->ctx, &t->slots, &t->nslots) != 0) {
		snprintf(why, len, N_("%s: the module cannot list its slots"), mod);
		return -EIO;
	}
	unsigned int matches = 0;
	for (unsigned int i = 0; i < t->nslots; i++)
		if (token_matches(u, t->slots[i].token) && matches++ == 0)
			*out = &t->slots[i];
	if (matches != 1) {
		list_tokens(t, list, sizeof list);
		if (matches)
			snprintf(why, len, N_("%u tokens match: name one with token= or serial= (tokens: %s)"), matches, list);
		else
			snprintf(why, len, N_("no token matches (tokens present: %s)"), list);
		return matches ? -EINVAL : -ENOENT;
	}
	return 0;
}

int ms_signer_load_token(const struct ms_p11uri *u, const char *module, const char *pin, const char *cert_pem,
			 struct ms_signer *s, char *why, size_t len)
{
	memset(s, 0, sizeof *s);
	const char *mod = u->module[0] ? u->module : module ? module : MS_P11_DEFAULT_MODULE;
	struct token *t = calloc(1, sizeof *t);
	char list[512];
	int r = -EIO;
	if (!t || !(t->ctx = PKCS11_CTX_new())) {
		snprintf(why, len, N_("out of memory"));
		goto fail;
	}
	PKCS11_SLOT *slot = NULL;
	if ((r = open_slot(t, u, mod, &slot, why, len)))
		goto fail;
	unsigned int matches = 0;
	PKCS11_TOKEN *tok = slot->token;
	if (tok->userPinLocked) {
		snprintf(why, len, N_("token '%s': its user PIN is locked (too many wrong PINs); unlock it with the SO PIN"),
			 tok->label);
		r = -EACCES;
		goto fail;
	}
	if (tok->loginRequired && PKCS11_login(slot, 0, pin) != 0) {
		snprintf(why, len, N_("token '%s': wrong PIN%s"), tok->label,
			 tok->userPinFinalTry ? N_(" (the next wrong PIN locks it)") : "");
		r = -EACCES;
		goto fail;
	}
	PKCS11_KEY *keys = NULL, *key = NULL;
	unsigned int nkeys = 0;
	r = -EIO;
	if (PKCS11_enumerate_keys(tok, &keys, &nkeys) != 0) {
		snprintf(why, len, N_("token '%s': cannot list its keys"), tok->label);
		goto fail;
	}
	matches = 0;
	for (unsigned int i = 0; i < nkeys; i++)
		if (keys[i].isPrivate && key_matches(u, &keys[i]) && matches++ == 0)
			key = &keys[i];
	if (matches != 1) {
		list_keys(keys, nkeys, list, sizeof list);
		if (matches)
			snprintf(why, len, N_("token '%s': %u private keys match: name one with object= or id= (keys: %s)"),
				 tok->label, matches, list);
		else
			snprintf(why, len, N_("token '%s': no private key matches (keys: %s)"), tok->label, list);
		r = matches ? -EINVAL : -ENOENT;
		goto fail;
	}
	if (!(s->key = PKCS11_get_private_key(key))) {
		snprintf(why, len, N_("token '%s': the key '%s' cannot be used"), tok->label, key->label ? key->label : "");
		goto fail;
	}
	PKCS11_CERT *c = PKCS11_find_certificate(key);
	if (c && c->x509)
		s->cert = X509_dup(c->x509);
	else if (!cert_pem) {
		snprintf(why, len, N_("token '%s': no certificate is stored with the key; give its certificate with --cert FILE"),
			 tok->label);
		r = -ENOENT;
		goto fail;
	}
	if (cert_pem) {
		X509 *given = NULL;
		if ((r = read_certs(cert_pem, &given, &s->chain, why, len)))
			goto fail;
		if (s->cert)
			X509_free(given);
		else
			s->cert = given;
	}
	if (!s->cert || !key_fits_cert(s->key, s->cert)) {
		const char *kl = key->label ? key->label : "";
		if (cert_pem && !(c && c->x509))
			snprintf(why, len, N_("token '%s': the certificate in %s does not belong to the key '%s'"), tok->label,
				 cert_pem, kl);
		else
			snprintf(why, len, N_("token '%s': the certificate does not belong to the key '%s'"), tok->label, kl);
		r = -EINVAL;
		goto fail;
	}
	char what[160];
	snprintf(what, sizeof what, N_("token '%s'"), tok->label);
	if ((r = ms_signer_usable(s->cert, what, why, len)))
		goto fail;
	ms_cert_cn(s->cert, s->name, sizeof s->name);
	s->release = token_release;
	s->owner = t;
	return 0;
fail:
	ERR_clear_error();
	s->release = token_release;
	s->owner = t;
	ms_signer_free(s);
	return r;
}
