"""Translation engines behind one interface: Argos (CTranslate2) and Apertium."""
