package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

// Pet is a pet of the example store.
type Pet struct {
	ID    int     `json:"id"`
	Type  string  `json:"type"`
	Price float64 `json:"price"`
}

// store is the backend the gateway fronts: a plain net/http mux, as an existing service would be.
type store struct {
	mu   sync.Mutex
	pets []Pet
}

func newStore() *store {
	return &store{pets: []Pet{{1, "dog", 249.99}, {2, "cat", 124.99}, {3, "fish", 0.99}}}
}

func (s *store) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pets", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		pets := make([]Pet, 0, len(s.pets))
		for _, p := range s.pets {
			if t := r.URL.Query().Get("type"); t == "" || t == p.Type {
				pets = append(pets, p)
			}
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, pets)
	})
	mux.HandleFunc("GET /pets/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.PathValue("id"))
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, p := range s.pets {
			if p.ID == id {
				writeJSON(w, http.StatusOK, p)
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no pet " + r.PathValue("id")})
	})
	mux.HandleFunc("POST /pets", func(w http.ResponseWriter, r *http.Request) {
		var p Pet
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.mu.Lock()
		p.ID = len(s.pets) + 1
		s.pets = append(s.pets, p)
		s.mu.Unlock()
		writeJSON(w, http.StatusCreated, p)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
